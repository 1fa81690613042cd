/** Node tests run tfjs on the cpu backend (the reference backend for parity checks). */
import * as tf from '@tensorflow/tfjs';

export async function useCpu(): Promise<typeof tf> {
  await tf.setBackend('cpu');
  await tf.ready();
  return tf;
}

/**
 * `Identity` and same-dtype `Cast` on WASM share their input's buffer (a reference count), as
 * they do on the cpu backend, instead of copying it (METHOD §8.2). Tensors are immutable, so the
 * copy buys nothing, and training makes many: the engine clones every tensor a gradient saves
 * (each conv's, BN's and ReLU's input) and tf.moments casts float32 to float32. Measured in Node
 * on a VGG-S step at batch 128: ~200 ms of copies in a ~1.4 s step.
 */
import * as tf from '@tensorflow/tfjs';

type Args = { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend & { incRef(id: tf.DataId): void }; attrs?: tf.NamedAttrMap };

function share({ inputs, backend }: Args): tf.TensorInfo {
  const { x } = inputs as { x: tf.TensorInfo };
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

let registered = false;

/** Replaces the wasm Identity, and wraps its Cast (idempotent). */
export function registerWasmSharing(): void {
  const identity = tf.getKernel('Identity', 'wasm');
  const cast = tf.getKernel('Cast', 'wasm');
  if (registered || !identity || !cast) return;
  registered = true;
  const copy = cast.kernelFunc;
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({ ...identity, kernelFunc: ((a: Args) => (((a.inputs.x as tf.TensorInfo).dtype === 'string') ? identity.kernelFunc(a as never) : share(a))) as unknown as tf.KernelFunc });
  tf.unregisterKernel('Cast', 'wasm');
  tf.registerKernel({
    ...cast,
    kernelFunc: ((a: Args) => ((a.inputs.x as tf.TensorInfo).dtype === (a.attrs as { dtype: string }).dtype ? share(a) : copy(a as never))) as unknown as tf.KernelFunc,
  });
}

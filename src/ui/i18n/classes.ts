/**
 * The datasets' class names on screen (the data files name them in English: Shapes-10's
 * generator, CIFAR-10's batches.meta.txt). CIFAR-100's hundred names stay as the files give them.
 * One section of the catalog (index.ts).
 */
const ZH_CLASSES: Record<string, string> = {
  // Shapes-10 (core/data/shapes10.ts)
  arrow: '箭头', circle: '圆', crescent: '月牙', cross: '十字', ellipse: '椭圆', heart: '心形', ring: '圆环', square: '正方形', star: '星形', triangle: '三角形',
  // CIFAR-10
  airplane: '飞机', automobile: '汽车', bird: '鸟', cat: '猫', deer: '鹿', dog: '狗', frog: '青蛙', horse: '马', ship: '船', truck: '卡车',
};

export const en = {
  className: (name: string) => name,
};

export const zh: typeof en = {
  className: (name) => ZH_CLASSES[name] ?? name,
};

/**
 * The datasets' class names on screen (the data files name them in English: Shapes-10's
 * generator, CIFAR-10's batches.meta.txt, CIFAR-100's fine label names, core/data/cifar-names.ts).
 * One section of the catalog (index.ts).
 */
const ZH_CLASSES: Record<string, string> = {
  // Shapes-10 (core/data/shapes10.ts)
  arrow: '箭头', circle: '圆', crescent: '月牙', cross: '十字', ellipse: '椭圆', heart: '心形', ring: '圆环', square: '正方形', star: '星形', triangle: '三角形',
  // CIFAR-10
  airplane: '飞机', automobile: '汽车', bird: '鸟', cat: '猫', deer: '鹿', dog: '狗', frog: '青蛙', horse: '马', ship: '船', truck: '卡车',
  // CIFAR-100's fine labels, in label order, spelt as the dataset spells them.
  apple: '苹果', aquarium_fish: '观赏鱼', baby: '婴儿', bear: '熊', beaver: '河狸', bed: '床', bee: '蜜蜂', beetle: '甲虫', bicycle: '自行车', bottle: '瓶子',
  bowl: '碗', boy: '男孩', bridge: '桥', bus: '公共汽车', butterfly: '蝴蝶', camel: '骆驼', can: '罐子', castle: '城堡', caterpillar: '毛毛虫', cattle: '牛',
  chair: '椅子', chimpanzee: '黑猩猩', clock: '时钟', cloud: '云', cockroach: '蟑螂', couch: '沙发', crab: '螃蟹', crocodile: '鳄鱼', cup: '杯子', dinosaur: '恐龙',
  dolphin: '海豚', elephant: '大象', flatfish: '比目鱼', forest: '森林', fox: '狐狸', girl: '女孩', hamster: '仓鼠', house: '房子', kangaroo: '袋鼠', keyboard: '键盘',
  lamp: '台灯', lawn_mower: '割草机', leopard: '豹', lion: '狮子', lizard: '蜥蜴', lobster: '龙虾', man: '男人', maple_tree: '枫树', motorcycle: '摩托车', mountain: '山',
  mouse: '老鼠', mushroom: '蘑菇', oak_tree: '橡树', orange: '橙子', orchid: '兰花', otter: '水獭', palm_tree: '棕榈树', pear: '梨', pickup_truck: '皮卡车', pine_tree: '松树',
  plain: '平原', plate: '盘子', poppy: '罂粟花', porcupine: '豪猪', possum: '负鼠', rabbit: '兔子', raccoon: '浣熊', ray: '鳐鱼', road: '道路', rocket: '火箭',
  rose: '玫瑰', sea: '大海', seal: '海豹', shark: '鲨鱼', shrew: '鼩鼱', skunk: '臭鼬', skyscraper: '摩天大楼', snail: '蜗牛', snake: '蛇', spider: '蜘蛛',
  squirrel: '松鼠', streetcar: '有轨电车', sunflower: '向日葵', sweet_pepper: '甜椒', table: '桌子', tank: '坦克', telephone: '电话', television: '电视机', tiger: '老虎', tractor: '拖拉机',
  train: '火车', trout: '鳟鱼', tulip: '郁金香', turtle: '乌龟', wardrobe: '衣柜', whale: '鲸', willow_tree: '柳树', wolf: '狼', woman: '女人', worm: '蠕虫',
};

export const en = {
  className: (name: string) => name,
};

export const zh: typeof en = {
  // Own keys only: a class called e.g. "constructor" must not find Object.prototype's.
  className: (name) => (Object.hasOwn(ZH_CLASSES, name) ? ZH_CLASSES[name] : name),
};

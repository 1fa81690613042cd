"""PyTorch twins of the lab's tfjs model zoo (src/core/models), layer for layer.

Module names equal the tfjs layer names (conv1, bn1, ..., fc1, bn_fc1, fc2 for VGG; conv1, bn1,
s{stage}b{block}_conv1|bn1|conv2|bn2, fc for ResNet), so `export.py` maps weights by name.
Layout differences the exporter handles: conv kernels OIHW -> HWIO, dense [out, in] -> [in, out].
The VGG flatten is done in NHWC order (permute before flatten) to match tfjs' flatten.
BatchNorm: eps 1e-5, PyTorch momentum 0.1 (= tfjs momentum 0.9).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

VGG16_PLAN = [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'M', 512, 512, 512, 'M', 512, 512, 512]
VGG_S_PLAN = [32, 32, 'M', 64, 64, 'M', 128, 128, 'M']


class VGG(nn.Module):
    """CIFAR VGG: 3x3 conv (pad 1, bias) + BN + ReLU per plan entry, 2x2 max-pools at 'M';
    head 'avgpool2' (VGG16: AvgPool2 then flatten) or 'none' (VGG-S: flatten the 4x4 map);
    then fc1 -> bn_fc1 -> ReLU -> fc2."""

    def __init__(self, plan, num_classes, hidden, head):
        super().__init__()
        self.plan = list(plan)
        self.head = head
        cin, side, n = 3, 32, 0
        for item in self.plan:
            if item == 'M':
                side //= 2
                continue
            n += 1
            setattr(self, f'conv{n}', nn.Conv2d(cin, item, 3, padding=1, bias=True))
            setattr(self, f'bn{n}', nn.BatchNorm2d(item, eps=1e-5, momentum=0.1))
            cin = item
        if head == 'avgpool2':
            side //= 2
        self.n_conv = n
        self.fc1 = nn.Linear(cin * side * side, hidden)
        self.bn_fc1 = nn.BatchNorm1d(hidden, eps=1e-5, momentum=0.1)
        self.fc2 = nn.Linear(hidden, num_classes)

    def forward(self, x):
        n = 0
        for item in self.plan:
            if item == 'M':
                x = F.max_pool2d(x, 2, 2)
                continue
            n += 1
            x = F.relu(getattr(self, f'bn{n}')(getattr(self, f'conv{n}')(x)))
        if self.head == 'avgpool2':
            x = F.avg_pool2d(x, 2, 2)
        x = x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)  # NHWC flatten, as tfjs
        x = F.relu(self.bn_fc1(self.fc1(x)))
        return self.fc2(x)


class BasicBlock(nn.Module):
    """3x3-BN-ReLU-3x3-BN, option-A shortcut (x[:, :, ::2, ::2] and C/4 zero channels each side)."""

    def __init__(self, cin, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, planes, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes, eps=1e-5, momentum=0.1)
        self.conv2 = nn.Conv2d(planes, planes, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes, eps=1e-5, momentum=0.1)
        self.stride = stride
        self.pad = (planes - cin) // 2

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        if self.stride != 1 or self.pad:
            sc = x[:, :, ::self.stride, ::self.stride]
            sc = F.pad(sc, (0, 0, 0, 0, self.pad, self.pad))
        else:
            sc = x
        return F.relu(out + sc)


class ResNet(nn.Module):
    """He16 CIFAR ResNet, option A: stem conv3x3(16)-BN-ReLU, 3 stages of n blocks (16/32/64),
    GAP, fc. Blocks are attributes s{stage}b{block}; the exporter names their layers
    s{stage}b{block}_conv1 etc."""

    def __init__(self, blocks_per_stage, num_classes):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(16, eps=1e-5, momentum=0.1)
        self.block_names = []
        cin = 16
        for s, planes in enumerate([16, 32, 64]):
            for b in range(blocks_per_stage):
                stride = 2 if s > 0 and b == 0 else 1
                name = f's{s + 1}b{b + 1}'
                setattr(self, name, BasicBlock(cin, planes, stride))
                self.block_names.append(name)
                cin = planes
        self.fc = nn.Linear(64, num_classes)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        for name in self.block_names:
            x = getattr(self, name)(x)
        x = x.mean(dim=(2, 3))
        return self.fc(x)


def build(key, num_classes=10):
    if key == 'vgg16':
        return VGG(VGG16_PLAN, num_classes, 512, 'avgpool2')
    if key == 'vgg-s':
        return VGG(VGG_S_PLAN, num_classes, 256, 'none')
    if key == 'resnet20':
        return ResNet(3, num_classes)
    if key == 'resnet56':
        return ResNet(9, num_classes)
    raise ValueError(f'unknown model {key!r} (vgg-s, vgg16, resnet20, resnet56)')


def he_init(model, generator):
    """He-uniform kernels (kaiming_uniform_, ReLU gain), PyTorch-default biases, BN 1/0."""
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            fan_in = m.weight[0].numel()
            bound = (6.0 / fan_in) ** 0.5
            with torch.no_grad():
                m.weight.uniform_(-bound, bound, generator=generator)
                if m.bias is not None:
                    b = 1.0 / fan_in ** 0.5
                    m.bias.uniform_(-b, b, generator=generator)

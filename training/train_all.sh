#!/bin/sh
# Trains every zoo model on its full schedule in turn, then exports each one to public/models/.
# Resumable: rerun it to continue (train.py resumes from last.pt; a finished run only rewrites
# final.pt). Usage: sh training/train_all.sh [train.py args, e.g. --device cuda].
# PYTHON=/usr/bin/python3 picks the interpreter.
#
# This is the recipe for a machine with a GPU. The weights shipped now were trained on 2 CPU
# cores, where VGG16, ResNet-20 and ResNet-56 were cut short and warm-restarted: each card lists
# the exact commands that made its weights.
set -e
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -f training/.cache/shapes10/test_batch.bin ] || npm run data:shapes -- training/.cache/shapes10
run() { $PY training/train.py "$@"; }
run --model vgg-s --dataset shapes10 --epochs 30 "$@"
run --model vgg-s --dataset cifar10 --epochs 15 "$@"
run --model resnet20 --dataset cifar10 --epochs 30 "$@"
run --model resnet56 --dataset cifar10 --epochs 50 "$@"
run --model vgg16 --dataset cifar10 --epochs 30 "$@"
# float16 kernels for the VGGs keep public/models under 40 MB; the ResNets stay float32.
$PY training/export.py --run vgg-s-shapes10 --float16
$PY training/export.py --run vgg-s-cifar10 --float16
$PY training/export.py --run resnet20-cifar10
$PY training/export.py --run resnet56-cifar10
$PY training/export.py --run vgg16-cifar10 --float16

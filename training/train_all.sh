#!/bin/sh
# Trains every shipped model in turn, then exports each one to public/models/. Resumable: rerun
# it to continue (finished runs are skipped). Usage: sh training/train_all.sh [train.py args,
# e.g. --device cuda]. PYTHON=/usr/bin/python3 picks the interpreter.
set -e
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -f training/.cache/shapes10/test_batch.bin ] || npm run data:shapes -- training/.cache/shapes10
run() { name=$1; shift; [ -f "training/runs/$name/final.pt" ] || $PY training/train.py "$@"; }
run vgg-s-shapes10 --model vgg-s --dataset shapes10 --epochs 30 "$@"
run vgg-s-cifar10 --model vgg-s --dataset cifar10 --epochs 15 "$@"
run resnet20-cifar10 --model resnet20 --dataset cifar10 --epochs 30 "$@"
# ResNet-20 reached 87.0 % in 30 epochs; a warm restart (a second one-cycle from those weights) continues it.
run resnet20-cifar10-r2 --model resnet20 --dataset cifar10 --epochs 30 --init-from resnet20-cifar10 --name resnet20-cifar10-r2 "$@"
run resnet56-cifar10 --model resnet56 --dataset cifar10 --epochs 50 "$@"
run vgg16-cifar10 --model vgg16 --dataset cifar10 --epochs 30 "$@"
# float16 kernels for the VGGs keep public/models under 40 MB; the ResNets stay float32.
$PY training/export.py --run vgg-s-shapes10 --float16
$PY training/export.py --run vgg-s-cifar10 --float16
$PY training/export.py --run resnet20-cifar10-r2 --name resnet20-cifar10
$PY training/export.py --run resnet56-cifar10
$PY training/export.py --run vgg16-cifar10 --float16

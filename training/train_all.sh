#!/bin/sh
# Trains every shipped model in turn (resumable: rerun to continue), then exports each one.
# Usage: sh training/train_all.sh [extra train.py args, e.g. --device cuda]
set -e
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -f training/.cache/shapes10/test_batch.bin ] || npm run data:shapes -- training/.cache/shapes10
$PY training/train.py --model vgg-s --dataset shapes10 --epochs 30 "$@"
$PY training/train.py --model vgg-s --dataset cifar10 --epochs 15 "$@"
$PY training/train.py --model vgg16 --dataset cifar10 --epochs 20 "$@"
$PY training/train.py --model resnet20 --dataset cifar10 --epochs 30 "$@"
$PY training/train.py --model resnet56 --dataset cifar10 --epochs 30 "$@"

;; Two WebAssembly SIMD kernels for training convolutions on WASM (METHOD §8.2). Both use the
;; 4 × 8 "load-splat" register block of XNNPACK's wasmsimd GEMMs: eight f32x4 accumulators, one
;; pair of 8-float rows loaded, four scalars splatted. Operands are laid out by simd-conv.ts:
;; channels padded to multiples of 4 (inputs) and 8 (outputs), spatial padding materialised.
;; Compiled to conv-wasm.ts by `npm run build:kernels`; a test checks the two agree.
(module
  (memory (export "mem") 1)
  ;; fgrad: dW[i, j, c .. c+3, o .. o+7] += sum over lines l in [l0, l1) (l = n·ho + h) and
  ;; w < wo of xp[n, h·s + i, w·s + j, c] · dy[l, w, o]. The caller walks the lines in chunks
  ;; small enough to stay in L1, so each accumulator block reloads only once per chunk.
  (func (export "fgrad") (param $xp i32) (param $dy i32) (param $dw i32) (param $ho i32) (param $wo i32)
        (param $hp i32) (param $wp i32) (param $ci4 i32) (param $co8 i32) (param $s i32) (param $kh i32) (param $kw i32) (param $l0 i32) (param $l1 i32)
    (local $i i32) (local $j i32) (local $cb i32) (local $ob i32) (local $l i32) (local $w i32)
    (local $xa i32) (local $da i32) (local $wa i32) (local $xstep i32) (local $nn i32) (local $hh i32)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $c4 v128) (local $c5 v128) (local $c6 v128) (local $c7 v128)
    (local $b0 v128) (local $b1 v128) (local $a v128)
    (local.set $xstep (i32.shl (i32.mul (local.get $s) (local.get $ci4)) (i32.const 2)))
    (local.set $i (i32.const 0))
    (loop $li
      (local.set $j (i32.const 0))
      (loop $lj
        (local.set $cb (i32.const 0))
        (loop $lcb
          (local.set $ob (i32.const 0))
          (loop $lob
            ;; wa = dw + (((i*kw + j)*ci4 + cb)*co8 + ob)*4
            (local.set $wa (i32.add (local.get $dw) (i32.shl (i32.add (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $i) (local.get $kw)) (local.get $j)) (local.get $ci4)) (local.get $cb)) (local.get $co8)) (local.get $ob)) (i32.const 2))))
            (local.set $c0 (v128.load offset=0 (local.get $wa)))
            (local.set $c1 (v128.load offset=16 (local.get $wa)))
            (local.set $c2 (v128.load offset=0 (i32.add (local.get $wa) (i32.shl (local.get $co8) (i32.const 2)))))
            (local.set $c3 (v128.load offset=16 (i32.add (local.get $wa) (i32.shl (local.get $co8) (i32.const 2)))))
            (local.set $c4 (v128.load offset=0 (i32.add (local.get $wa) (i32.shl (local.get $co8) (i32.const 3)))))
            (local.set $c5 (v128.load offset=16 (i32.add (local.get $wa) (i32.shl (local.get $co8) (i32.const 3)))))
            (local.set $c6 (v128.load offset=0 (i32.add (local.get $wa) (i32.mul (local.get $co8) (i32.const 12)))))
            (local.set $c7 (v128.load offset=16 (i32.add (local.get $wa) (i32.mul (local.get $co8) (i32.const 12)))))
            (local.set $l (local.get $l0))
            (loop $ll
              ;; line l = n*ho + h ; x line = n*hp + h*s + i
              (local.set $nn (i32.div_u (local.get $l) (local.get $ho)))
              (local.set $hh (i32.sub (local.get $l) (i32.mul (local.get $nn) (local.get $ho))))
              (local.set $xa (i32.add (local.get $xp) (i32.shl (i32.add (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $nn) (local.get $hp)) (i32.add (i32.mul (local.get $hh) (local.get $s)) (local.get $i))) (local.get $wp)) (local.get $j)) (local.get $ci4)) (local.get $cb)) (i32.const 2))))
              (local.set $da (i32.add (local.get $dy) (i32.shl (i32.add (i32.mul (i32.mul (local.get $l) (local.get $wo)) (local.get $co8)) (local.get $ob)) (i32.const 2))))
              (local.set $w (local.get $wo))
              (loop $lw
                (local.set $b0 (v128.load offset=0 (local.get $da)))
                (local.set $b1 (v128.load offset=16 (local.get $da)))
                (local.set $a (v128.load32_splat offset=0 (local.get $xa)))
                (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $a) (local.get $b0))))
                (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $a) (local.get $b1))))
                (local.set $a (v128.load32_splat offset=4 (local.get $xa)))
                (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (local.get $a) (local.get $b0))))
                (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (local.get $a) (local.get $b1))))
                (local.set $a (v128.load32_splat offset=8 (local.get $xa)))
                (local.set $c4 (f32x4.add (local.get $c4) (f32x4.mul (local.get $a) (local.get $b0))))
                (local.set $c5 (f32x4.add (local.get $c5) (f32x4.mul (local.get $a) (local.get $b1))))
                (local.set $a (v128.load32_splat offset=12 (local.get $xa)))
                (local.set $c6 (f32x4.add (local.get $c6) (f32x4.mul (local.get $a) (local.get $b0))))
                (local.set $c7 (f32x4.add (local.get $c7) (f32x4.mul (local.get $a) (local.get $b1))))
                (local.set $xa (i32.add (local.get $xa) (local.get $xstep)))
                (local.set $da (i32.add (local.get $da) (i32.shl (local.get $co8) (i32.const 2))))
                (br_if $lw (local.tee $w (i32.sub (local.get $w) (i32.const 1)))))
              (br_if $ll (i32.lt_u (local.tee $l (i32.add (local.get $l) (i32.const 1))) (local.get $l1))))
            (v128.store offset=0 (local.get $wa) (local.get $c0))
            (v128.store offset=16 (local.get $wa) (local.get $c1))
            (v128.store offset=0 (i32.add (local.get $wa) (i32.shl (local.get $co8) (i32.const 2))) (local.get $c2))
            (v128.store offset=16 (i32.add (local.get $wa) (i32.shl (local.get $co8) (i32.const 2))) (local.get $c3))
            (v128.store offset=0 (i32.add (local.get $wa) (i32.shl (local.get $co8) (i32.const 3))) (local.get $c4))
            (v128.store offset=16 (i32.add (local.get $wa) (i32.shl (local.get $co8) (i32.const 3))) (local.get $c5))
            (v128.store offset=0 (i32.add (local.get $wa) (i32.mul (local.get $co8) (i32.const 12))) (local.get $c6))
            (v128.store offset=16 (i32.add (local.get $wa) (i32.mul (local.get $co8) (i32.const 12))) (local.get $c7))
            (br_if $lob (i32.lt_u (local.tee $ob (i32.add (local.get $ob) (i32.const 8))) (local.get $co8))))
          (br_if $lcb (i32.lt_u (local.tee $cb (i32.add (local.get $cb) (i32.const 4))) (local.get $ci4))))
        (br_if $lj (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $kw))))
      (br_if $li (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $kh))))
  )
  ;; conv: out[n, h, w .. w+3, ob .. ob+7] = sum over i, j, c of xp[n, h·s + i, (w + q)·s + j, c]
  ;; · fp[ob/8][i][j][c][0..7], for n in [n0, n1); fp is the filter packed per 8 output channels
  ;; so that one block's filter is contiguous; out is [N, ho, wo4, oc8].
  (func (export "conv") (param $xp i32) (param $fp i32) (param $out i32) (param $n0 i32) (param $n1 i32) (param $ho i32) (param $wo4 i32)
        (param $hp i32) (param $wp i32) (param $ci4 i32) (param $oc8 i32) (param $s i32) (param $kh i32) (param $kw i32)
    (local $ob i32) (local $n i32) (local $h i32) (local $w i32) (local $i i32) (local $j i32) (local $c i32)
    (local $fa i32) (local $fb i32) (local $xa i32) (local $xr i32) (local $oa i32) (local $px i32) (local $rowb i32)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $c4 v128) (local $c5 v128) (local $c6 v128) (local $c7 v128)
    (local $b0 v128) (local $b1 v128) (local $a v128)
    ;; px: byte distance between neighbouring output pixels' inputs
    (local.set $px (i32.shl (i32.mul (local.get $s) (local.get $ci4)) (i32.const 2)))
    (local.set $rowb (i32.shl (i32.mul (local.get $wp) (local.get $ci4)) (i32.const 2)))
    (local.set $ob (i32.const 0))
    (loop $lob
      (local.set $fb (i32.add (local.get $fp) (i32.shl (i32.mul (i32.mul (i32.mul (local.get $kh) (local.get $kw)) (local.get $ci4)) (local.get $ob)) (i32.const 2))))
      (local.set $n (local.get $n0))
      (loop $ln
        (local.set $h (i32.const 0))
        (loop $lh
          (local.set $w (i32.const 0))
          (loop $lw
            (local.set $c0 (v128.const i32x4 0 0 0 0)) (local.set $c1 (v128.const i32x4 0 0 0 0))
            (local.set $c2 (v128.const i32x4 0 0 0 0)) (local.set $c3 (v128.const i32x4 0 0 0 0))
            (local.set $c4 (v128.const i32x4 0 0 0 0)) (local.set $c5 (v128.const i32x4 0 0 0 0))
            (local.set $c6 (v128.const i32x4 0 0 0 0)) (local.set $c7 (v128.const i32x4 0 0 0 0))
            (local.set $fa (local.get $fb))
            ;; xr: start of xp[n, h*s, w*s, 0]
            (local.set $xr (i32.add (local.get $xp) (i32.shl (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $n) (local.get $hp)) (i32.mul (local.get $h) (local.get $s))) (local.get $wp)) (i32.mul (local.get $w) (local.get $s))) (local.get $ci4)) (i32.const 2))))
            (local.set $i (local.get $kh))
            (loop $li
              (local.set $j (local.get $kw))
              (local.set $xa (local.get $xr))
              (loop $lj
                (local.set $c (local.get $ci4))
                (loop $lc
                  (local.set $b0 (v128.load offset=0 (local.get $fa)))
                  (local.set $b1 (v128.load offset=16 (local.get $fa)))
                  (local.set $a (v128.load32_splat (local.get $xa)))
                  (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $a) (local.get $b0))))
                  (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $a) (local.get $b1))))
                  (local.set $a (v128.load32_splat (i32.add (local.get $xa) (local.get $px))))
                  (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (local.get $a) (local.get $b0))))
                  (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (local.get $a) (local.get $b1))))
                  (local.set $a (v128.load32_splat (i32.add (local.get $xa) (i32.shl (local.get $px) (i32.const 1)))))
                  (local.set $c4 (f32x4.add (local.get $c4) (f32x4.mul (local.get $a) (local.get $b0))))
                  (local.set $c5 (f32x4.add (local.get $c5) (f32x4.mul (local.get $a) (local.get $b1))))
                  (local.set $a (v128.load32_splat (i32.add (local.get $xa) (i32.mul (local.get $px) (i32.const 3)))))
                  (local.set $c6 (f32x4.add (local.get $c6) (f32x4.mul (local.get $a) (local.get $b0))))
                  (local.set $c7 (f32x4.add (local.get $c7) (f32x4.mul (local.get $a) (local.get $b1))))
                  (local.set $fa (i32.add (local.get $fa) (i32.const 32)))
                  (local.set $xa (i32.add (local.get $xa) (i32.const 4)))
                  (br_if $lc (local.tee $c (i32.sub (local.get $c) (i32.const 1)))))
                (br_if $lj (local.tee $j (i32.sub (local.get $j) (i32.const 1)))))
              (local.set $xr (i32.add (local.get $xr) (local.get $rowb)))
              (br_if $li (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))
            ;; oa = out + (((n*ho + h)*wo4 + w)*oc8 + ob)*4
            (local.set $oa (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $n) (local.get $ho)) (local.get $h)) (local.get $wo4)) (local.get $w)) (local.get $oc8)) (local.get $ob)) (i32.const 2))))
            (v128.store offset=0 (local.get $oa) (local.get $c0))
            (v128.store offset=16 (local.get $oa) (local.get $c1))
            (local.set $oa (i32.add (local.get $oa) (i32.shl (local.get $oc8) (i32.const 2))))
            (v128.store offset=0 (local.get $oa) (local.get $c2))
            (v128.store offset=16 (local.get $oa) (local.get $c3))
            (local.set $oa (i32.add (local.get $oa) (i32.shl (local.get $oc8) (i32.const 2))))
            (v128.store offset=0 (local.get $oa) (local.get $c4))
            (v128.store offset=16 (local.get $oa) (local.get $c5))
            (local.set $oa (i32.add (local.get $oa) (i32.shl (local.get $oc8) (i32.const 2))))
            (v128.store offset=0 (local.get $oa) (local.get $c6))
            (v128.store offset=16 (local.get $oa) (local.get $c7))
            (br_if $lw (i32.lt_u (local.tee $w (i32.add (local.get $w) (i32.const 4))) (local.get $wo4))))
          (br_if $lh (i32.lt_u (local.tee $h (i32.add (local.get $h) (i32.const 1))) (local.get $ho))))
        (br_if $ln (i32.lt_u (local.tee $n (i32.add (local.get $n) (i32.const 1))) (local.get $n1))))
      (br_if $lob (i32.lt_u (local.tee $ob (i32.add (local.get $ob) (i32.const 8))) (local.get $oc8))))
  )
)

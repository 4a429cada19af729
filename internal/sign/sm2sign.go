package sign

import (
	"crypto/hmac"
	"crypto/rand"
	"errors"
	"hash"
	"io"
	"math/big"
	"runtime"
	"sync"
	"weak"

	"filippo.io/bigmod"
	"github.com/emmansun/gmsm/ecdh"
	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
)

// sm2Key is what signing with one SM2 private key needs, worked out once
// per key (a batch signs every certificate with one): Z_A, d and (1 + d)⁻¹
// modulo the curve order n, all in constant-time arithmetic (bigmod).
type sm2Key struct {
	za     []byte
	d      []byte // 32 bytes, big-endian: the HMAC key of the nonce
	dNat   *bigmod.Nat
	invDp1 *bigmod.Nat
	works  sync.Pool // of *work
}

// work is what one signature computes in, pooled per key, so that a
// signature allocates little more than its result: the HMAC-SM3 keyed with d
// (whose Reset restores the keyed state without hashing the key again), an
// SM3 for e, and the numbers modulo n.
type work struct {
	mac, h     hash.Hash
	e, k, r, t *bigmod.Nat
	in         [65]byte // Z ‖ e ‖ counter
	kb, eb     [32]byte
}

// clear forgets what reveals a signature's nonce: k, its random bytes, r + k
// (in t) and r·d (in r), so that none of it is left in the pool.
func (w *work) clear() {
	clear(w.kb[:])
	clear(w.in[:32])
	w.k.SetUint(0)
	w.t.SetUint(0)
	w.r.SetUint(0)
}

func (k *sm2Key) newWork() any {
	return &work{mac: hmac.New(sm3.New, k.d), h: sm3.New(),
		e: bigmod.NewNat(), k: bigmod.NewNat(), r: bigmod.NewNat(), t: bigmod.NewNat()}
}

// curveN is the order n of the SM2 curve's base point.
var curveN = func() *bigmod.Modulus {
	m, err := bigmod.NewModulus(sm2.P256().Params().N.Bytes())
	if err != nil {
		panic(err)
	}
	return m
}()

// sm2Keys holds the sm2Key of every SM2 private key that has signed, keyed
// weakly by the key (weak.Pointer[sm2.PrivateKey] → *sm2Key): two keys
// used in turn (the agency's and its log's) each keep theirs, and an entry,
// with its copy of d, goes when its key is collected. An sm2Key therefore
// never points at its key.
var sm2Keys sync.Map

// sm2KeyOf returns priv's sm2Key, worked out on priv's first signature.
func sm2KeyOf(priv *sm2.PrivateKey) (*sm2Key, error) {
	wp := weak.Make(priv)
	if k, ok := sm2Keys.Load(wp); ok {
		return k.(*sm2Key), nil
	}
	k, err := newSM2Key(priv)
	if err != nil {
		return nil, err
	}
	if first, loaded := sm2Keys.LoadOrStore(wp, k); loaded {
		return first.(*sm2Key), nil
	}
	runtime.AddCleanup(priv, func(wp weak.Pointer[sm2.PrivateKey]) { sm2Keys.Delete(wp) }, wp)
	return k, nil
}

func newSM2Key(priv *sm2.PrivateKey) (*sm2Key, error) {
	n := sm2.P256().Params().N
	if priv.D == nil || priv.D.Sign() <= 0 || priv.D.Cmp(new(big.Int).Sub(n, big.NewInt(1))) >= 0 {
		return nil, errors.New("sm2: invalid private key") // d must be in [1, n-2]
	}
	za, err := sm2.CalculateZA(&priv.PublicKey, []byte(DefaultUID))
	if err != nil {
		return nil, err
	}
	d := priv.D.FillBytes(make([]byte, 32))
	dNat, err := bigmod.NewNat().SetBytes(d, curveN)
	if err != nil {
		return nil, err
	}
	one, _ := bigmod.NewNat().SetBytes([]byte{1}, curveN)
	dp1, _ := bigmod.NewNat().SetBytes(d, curveN)
	dp1.Add(one, curveN)
	// (1 + d)⁻¹ = (1 + d)^(n−2) mod n, n prime; 1 + d ≠ 0 as d ≤ n − 2.
	inv := bigmod.NewNat().Exp(dp1, new(big.Int).Sub(n, big.NewInt(2)).Bytes(), curveN)
	k := &sm2Key{za: za, d: d, dNat: dNat, invDp1: inv}
	k.works.New = k.newWork
	return k, nil
}

// signSM2 signs msg with SM2 (GB/T 32918.2 §6.1): e = SM3(Z_A ‖ msg), and
// the ASN.1 signature (r, s) of e.
func signSM2(priv *sm2.PrivateKey, msg []byte) ([]byte, error) {
	k, err := sm2KeyOf(priv)
	if err != nil {
		return nil, err
	}
	w := k.works.Get().(*work)
	defer k.works.Put(w)
	w.h.Reset()
	w.h.Write(k.za)
	w.h.Write(msg)
	return k.signIn(w, rand.Reader, w.h.Sum(w.eb[:0]))
}

// sign signs the digest e with a hedged nonce (signIn).
func (k *sm2Key) sign(random io.Reader, e []byte) ([]byte, error) {
	w := k.works.Get().(*work)
	defer k.works.Put(w)
	return k.signIn(w, random, e)
}

// signIn signs the digest e in w with a hedged nonce: k = HMAC-SM3 keyed
// with d over Z ‖ e ‖ counter, with Z 32 bytes from random, drawn again
// (counter + 1) while k ∉ [1, n−2] or r or s would be unusable. A working
// random source makes every signature's k fresh; a failing one (repeating Z)
// still gives a k bound to the key and the message, which never repeats
// across messages, so the key is never exposed by a repeated nonce (the
// hedged signatures of draft-irtf-cfrg-det-sigs-with-noise; gmsm's own
// signer builds an HMAC_DRBG for the same, at several times the cost).
func (k *sm2Key) signIn(w *work, random io.Reader, e []byte) ([]byte, error) {
	defer w.clear()
	if _, err := io.ReadFull(random, w.in[:32]); err != nil {
		return nil, err
	}
	copy(w.in[32:64], e)
	if _, err := w.e.SetOverflowingBytes(e, curveN); err != nil {
		return nil, err
	}
	for ctr := 0; ctr < 256; ctr++ {
		w.in[64] = byte(ctr)
		w.mac.Reset()
		w.mac.Write(w.in[:])
		if r, s, ok := k.try(w, w.mac.Sum(w.kb[:0])); ok {
			return encodeRS(r, s), nil
		}
	}
	return nil, errors.New("sm2: no usable nonce in 256 tries") // probability ≈ 2^-8000
}

// try computes (r, s) of the digest in w.e with the nonce kb, or false when
// kb is not in [1, n−2], r is 0, r + k is n, or s is 0. (n − 1 is a valid
// SM2 nonce, but gmsm's constant-time [k]G takes k as an ECDH private key, at
// most n − 2; leaving out one value of 2²⁵⁶ biases nothing.)
func (k *sm2Key) try(w *work, kb []byte) (r, s []byte, ok bool) {
	kNat, err := w.k.SetBytes(kb, curveN)
	if err != nil || kNat.IsZero() == 1 {
		return nil, nil, false
	}
	// (x1, y1) = [k]G in constant time: the public key of k as a private
	// key, 04 ‖ x1 ‖ y1 (gmsm's elliptic.Curve methods are deprecated).
	kp, err := ecdh.P256().NewPrivateKey(kb)
	if err != nil {
		return nil, nil, false
	}
	x1 := kp.PublicKey().Bytes()[1:33]
	rNat, err := w.r.SetOverflowingBytes(x1, curveN)
	if err != nil {
		return nil, nil, false
	}
	rNat.Add(w.e, curveN) // r = (e + x1) mod n
	if rNat.IsZero() == 1 {
		return nil, nil, false
	}
	r = rNat.Bytes(curveN)
	if t, _ := w.t.SetBytes(r, curveN); t.Add(kNat, curveN).IsZero() == 1 {
		return nil, nil, false // r + k = n
	}
	rNat.Mul(k.dNat, curveN)       // r·d
	sNat := kNat.Sub(rNat, curveN) // k − r·d
	sNat.Mul(k.invDp1, curveN)     // s = (1 + d)⁻¹ (k − r·d) mod n
	if sNat.IsZero() == 1 {
		return nil, nil, false
	}
	return r, sNat.Bytes(curveN), true
}

// encodeRS is the DER SEQUENCE of the INTEGERs r and s, each given as 32
// big-endian bytes of a number in [1, n−1].
func encodeRS(r, s []byte) []byte {
	r, s = minimal(r), minimal(s)
	n := len(r) + len(s) + 4 + int(r[0]>>7) + int(s[0]>>7)
	b := make([]byte, 0, n+2)
	b = append(b, 0x30, byte(n))
	return appendInteger(appendInteger(b, r), s)
}

// minimal is b without its leading zero bytes (b is not zero).
func minimal(b []byte) []byte {
	for len(b) > 1 && b[0] == 0 {
		b = b[1:]
	}
	return b
}

// appendInteger appends the DER INTEGER of the positive number b (minimal
// bytes): a zero byte first when its top bit is set.
func appendInteger(dst, b []byte) []byte {
	if b[0]&0x80 != 0 {
		return append(append(dst, 0x02, byte(len(b)+1), 0), b...)
	}
	return append(append(dst, 0x02, byte(len(b))), b...)
}

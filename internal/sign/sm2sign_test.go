package sign

import (
	"bytes"
	"crypto/rand"
	"encoding/asn1"
	"errors"
	"filippo.io/bigmod"
	"fmt"
	"io"
	"math/big"
	"runtime"
	"sync"
	"testing"
	"testing/iotest"
	"time"
	"weak"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
)

func newSM2(t testing.TB) *sm2.PrivateKey {
	t.Helper()
	k, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// parseRS decodes an ASN.1 signature with encoding/asn1, as verifiers do.
func parseRS(t *testing.T, sig []byte) (r, s *big.Int) {
	t.Helper()
	var rs struct{ R, S *big.Int }
	if rest, err := asn1.Unmarshal(sig, &rs); err != nil || len(rest) != 0 {
		t.Fatalf("signature %x is not DER (r, s): %v", sig, err)
	}
	n := sm2.P256().Params().N
	if rs.R.Sign() <= 0 || rs.R.Cmp(n) >= 0 || rs.S.Sign() <= 0 || rs.S.Cmp(n) >= 0 {
		t.Fatalf("signature (r, s) = (%x, %x) outside [1, n-1]", rs.R, rs.S)
	}
	return rs.R, rs.S
}

// TestSignSM2Verifies: signatures of many messages by several keys verify
// with gmsm's SM2 verifier (which hashes Z_A of the default UID itself),
// are DER, and never repeat r.
func TestSignSM2Verifies(t *testing.T) {
	seen := map[string]bool{}
	for i := range 4 {
		key := newSM2(t)
		for j := range 100 {
			msg := []byte(fmt.Sprintf("message %d of key %d", j, i))
			if j%10 == 0 {
				msg = bytes.Repeat(msg, 100)
			}
			sig, err := Sign(key, msg)
			if err != nil {
				t.Fatal(err)
			}
			r, _ := parseRS(t, sig)
			if !sm2.VerifyASN1WithSM2(&key.PublicKey, nil, msg, sig) {
				t.Fatalf("gmsm does not verify the signature of %q", msg)
			}
			if err := Verify(&key.PublicKey, msg, sig); err != nil {
				t.Fatal(err)
			}
			if seen[r.String()] {
				t.Fatal("r repeated: a nonce was used twice")
			}
			seen[r.String()] = true
		}
	}
}

// TestSignSM2Arithmetic recomputes r and s of try's result with math/big
// from the same nonce: r = e + x1, s = (1 + d)⁻¹ (k − r·d) mod n.
func TestSignSM2Arithmetic(t *testing.T) {
	key := newSM2(t)
	k, err := sm2KeyOf(key)
	if err != nil {
		t.Fatal(err)
	}
	n := sm2.P256().Params().N
	for i := range 50 {
		kb := make([]byte, 32)
		rand.Read(kb)
		switch i {
		case 0:
			kb = new(big.Int).Sub(n, big.NewInt(2)).Bytes() // the largest nonce
		case 1:
			kb = new(big.Int).Sub(n, big.NewInt(1)).Bytes() // refused: see try
		}
		e := sm3.Sum([]byte(fmt.Sprint("digest ", i)))
		r, s, ok := tryNonce(k, kb, e[:])
		kInt := new(big.Int).SetBytes(kb)
		if kInt.Cmp(new(big.Int).Sub(n, big.NewInt(1))) >= 0 {
			if ok {
				t.Fatalf("nonce %x ≥ n accepted", kb)
			}
			continue
		}
		//lint:ignore SA1019 the reference is computed another way than try's
		x1, _ := sm2.P256().ScalarBaseMult(kb)
		wantR := new(big.Int).Add(new(big.Int).SetBytes(e[:]), x1)
		wantR.Mod(wantR, n)
		d := key.D
		wantS := new(big.Int).Sub(kInt, new(big.Int).Mul(wantR, d))
		wantS.Mul(wantS, new(big.Int).ModInverse(new(big.Int).Add(d, big.NewInt(1)), n))
		wantS.Mod(wantS, n)
		if !ok || new(big.Int).SetBytes(r).Cmp(wantR) != 0 || new(big.Int).SetBytes(s).Cmp(wantS) != 0 {
			t.Fatalf("try(%x) = (%x, %x, %v), want (%x, %x)", kb, r, s, ok, wantR, wantS)
		}
	}
	if _, _, ok := tryNonce(k, make([]byte, 32), nil); ok {
		t.Error("the nonce 0 was accepted")
	}
	if _, _, ok := tryNonce(k, n.Bytes(), nil); ok {
		t.Error("the nonce n was accepted")
	}
}

// tryNonce is k.try of the digest e with the nonce kb, in a fresh work.
func tryNonce(k *sm2Key, kb, e []byte) (r, s []byte, ok bool) {
	w := k.newWork().(*work)
	w.e.SetOverflowingBytes(e, curveN)
	return k.try(w, kb)
}

// TestSignSM2Hedged: with a random source that repeats itself, the nonce
// still depends on the message (two messages never share r) and one message
// signs the same; with a working one, one message signs differently each time.
func TestSignSM2Hedged(t *testing.T) {
	key := newSM2(t)
	k, err := sm2KeyOf(key)
	if err != nil {
		t.Fatal(err)
	}
	e1, e2 := sm3.Sum([]byte("one")), sm3.Sum([]byte("two"))
	zeros := func() *bytes.Reader { return bytes.NewReader(make([]byte, 32)) }
	a, _ := k.sign(zeros(), e1[:])
	b, _ := k.sign(zeros(), e1[:])
	c, _ := k.sign(zeros(), e2[:])
	if !bytes.Equal(a, b) {
		t.Error("a repeated random source gives two signatures of one message: the nonce is not bound to key and message alone")
	}
	ra, _ := parseRS(t, a)
	if rc, _ := parseRS(t, c); ra.Cmp(rc) == 0 {
		t.Fatal("two messages share a nonce when the random source repeats")
	}
	other := newSM2(t)
	ko, _ := sm2KeyOf(other)
	if d, _ := ko.sign(zeros(), e1[:]); bytes.Equal(d, a) {
		t.Fatal("two keys share a nonce when the random source repeats")
	}
	x, _ := k.sign(rand.Reader, e1[:])
	y, _ := k.sign(rand.Reader, e1[:])
	if bytes.Equal(x, y) {
		t.Error("a working random source gives one message the same signature twice")
	}
	if _, err := k.sign(iotest.ErrReader(errors.New("no entropy")), e1[:]); err == nil {
		t.Error("a failing random source was not reported")
	}
}

// TestSM2KeysKept: two keys used in turn each keep the sm2Key worked out
// for them, and a key's entry goes once the key is collected.
func TestSM2KeysKept(t *testing.T) {
	a, b := newSM2(t), newSM2(t)
	ka, _ := sm2KeyOf(a)
	kb, _ := sm2KeyOf(b)
	if again, _ := sm2KeyOf(a); again != ka {
		t.Error("key a's constants were worked out again after key b signed")
	}
	if again, _ := sm2KeyOf(b); again != kb {
		t.Error("key b's constants were worked out again after key a signed")
	}
	wp := weak.Make(newSM2(t))
	if _, err := sm2KeyOf(wp.Value()); err != nil {
		t.Fatal(err)
	}
	for range 100 {
		if _, ok := sm2Keys.Load(wp); !ok {
			return
		}
		runtime.GC()
		time.Sleep(time.Millisecond) // cleanups run on their own goroutine
	}
	if wp.Value() != nil {
		t.Fatal("a key that is no longer used is kept alive by its entry")
	}
	t.Fatal("a collected key's entry (with its d) is still held")
}

// TestSignSM2RefusesBadKeys: d must be in [1, n−2].
func TestSignSM2RefusesBadKeys(t *testing.T) {
	n := sm2.P256().Params().N
	for _, d := range []*big.Int{big.NewInt(0), new(big.Int).Sub(n, big.NewInt(1)), n} {
		key := newSM2(t)
		key.D = d
		if _, err := Sign(key, []byte("x")); err == nil {
			t.Errorf("d = %x: signed", d)
		}
	}
}

// TestSignSM2Concurrent signs with two keys from many goroutines at once, so
// that both keys' entries are made and read concurrently (run under -race in CI).
func TestSignSM2Concurrent(t *testing.T) {
	keys := []*sm2.PrivateKey{newSM2(t), newSM2(t)}
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				key := keys[(g+i)%2]
				msg := []byte(fmt.Sprint(g, i))
				sig, err := Sign(key, msg)
				if err == nil && !sm2.VerifyASN1WithSM2(&key.PublicKey, nil, msg, sig) {
					err = fmt.Errorf("goroutine %d: signature %d does not verify", g, i)
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func BenchmarkSignSM2(b *testing.B) {
	key := newSM2(b)
	msg := bytes.Repeat([]byte("证照"), 300)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Sign(key, msg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSignSM2Gmsm is the same message signed by gmsm's own signer, for comparison.
func BenchmarkSignSM2Gmsm(b *testing.B) {
	key := newSM2(b)
	msg := bytes.Repeat([]byte("证照"), 300)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := key.SignWithSM2(rand.Reader, nil, msg); err != nil {
			b.Fatal(err)
		}
	}
}

// TestEncodeRS compares the hand-written DER with encoding/asn1's for
// numbers of every length and with the top bit set or not.
func TestEncodeRS(t *testing.T) {
	n := sm2.P256().Params().N
	cases := [][2]*big.Int{{big.NewInt(1), big.NewInt(127)}, {big.NewInt(128), big.NewInt(255)}, {new(big.Int).Sub(n, big.NewInt(1)), big.NewInt(256)}}
	for range 200 {
		r, _ := rand.Int(rand.Reader, n)
		s, _ := rand.Int(rand.Reader, new(big.Int).Rsh(n, uint(mrand(250))))
		cases = append(cases, [2]*big.Int{r.Add(r, big.NewInt(1)), s.Add(s, big.NewInt(1))})
	}
	for _, c := range cases {
		want, err := asn1.Marshal(struct{ R, S *big.Int }{c[0], c[1]})
		if err != nil {
			t.Fatal(err)
		}
		if got := encodeRS(c[0].FillBytes(make([]byte, 32)), c[1].FillBytes(make([]byte, 32))); !bytes.Equal(got, want) {
			t.Fatalf("encodeRS(%x, %x) = %x, want %x", c[0], c[1], got, want)
		}
	}
}

func mrand(n int64) int64 {
	v, _ := rand.Int(rand.Reader, big.NewInt(n))
	return v.Int64()
}

// BenchmarkSignSM2TwoKeys signs with two keys in turn, as a run that signs
// certificates with the agency's key and its log with another does.
func BenchmarkSignSM2TwoKeys(b *testing.B) {
	keys := []*sm2.PrivateKey{newSM2(b), newSM2(b)}
	msg := []byte("licence record")
	for i := 0; b.Loop(); i++ {
		if _, err := Sign(keys[i%2], msg); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSignSM2ForgetsTheNonce: after a signature, the pooled work holds
// nothing that reveals its nonce k — not k, its random bytes, r + k or r·d,
// from any of which with the signature's r and s the key follows (d = (k −
// s) / (s + r)).
func TestSignSM2ForgetsTheNonce(t *testing.T) {
	k, err := sm2KeyOf(newSM2(t))
	if err != nil {
		t.Fatal(err)
	}
	w := k.newWork().(*work)
	e := sm3.Sum([]byte("digest"))
	if _, err := k.signIn(w, rand.Reader, e[:]); err != nil {
		t.Fatal(err)
	}
	for name, n := range map[string]*bigmod.Nat{"k (then s)": w.k, "r + k": w.t, "r·d": w.r} {
		if n.IsZero() != 1 {
			t.Errorf("the pooled work still holds %s", name)
		}
	}
	if w.kb != [32]byte{} || [32]byte(w.in[:32]) != [32]byte{} {
		t.Error("the pooled work still holds the nonce's bytes or its randomness")
	}
}

// TestSignSM2AfterAFailure: a signature whose random source fails midway
// leaves nothing in its work that changes the next one: with a repeating
// source, the next signature in that work is the one a fresh work makes.
func TestSignSM2AfterAFailure(t *testing.T) {
	key := newSM2(t)
	k, err := sm2KeyOf(key)
	if err != nil {
		t.Fatal(err)
	}
	e := sm3.Sum([]byte("digest"))
	zeros := func() *bytes.Reader { return bytes.NewReader(make([]byte, 32)) }
	want, err := k.signIn(k.newWork().(*work), zeros(), e[:])
	if err != nil {
		t.Fatal(err)
	}
	w := k.newWork().(*work)
	for _, short := range []int{0, 7, 31} {
		if _, err := k.signIn(w, io.LimitReader(rand.Reader, int64(short)), e[:]); err == nil {
			t.Fatalf("a random source of %d bytes was not reported", short)
		}
		if got, err := k.signIn(w, zeros(), e[:]); err != nil || !bytes.Equal(got, want) {
			t.Fatalf("after a source of %d bytes failed: got %x (%v), want %x", short, got, err, want)
		}
	}
	if !sm2.VerifyASN1(&key.PublicKey, e[:], want) {
		t.Error("the signature does not verify")
	}
}

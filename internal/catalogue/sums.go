package catalogue

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/emmansun/gmsm/sm3"

	"ezz/internal/asset"
)

// Sums remembers the SM3 of asset files by the SHA-256 of their bytes. SM3
// is the hash the catalogue entry records; SHA-256 is several times faster
// here (SHA-NI), so a run that finds a font's SHA-256 in Sums skips its SM3.
// The key is the content itself: a file changed in any byte has another
// SHA-256 and is hashed with SM3 again. No size, time or inode is trusted,
// so an edit that keeps them all (touch -r, a same-sized rewrite, a write
// through a shared mapping) is seen as well.
//
// A Sums with a path is kept in a file (a workspace's cache/asset-sums).
// Its check line only catches damage: whoever can write the file can make a
// changed font keep its old SM3. So it is read only when the user running
// ezz owns it and no one else may write it; a damaged or foreign file, or
// one another user owns or may write, is ignored and rewritten.
type Sums struct {
	path  string
	mu    sync.Mutex
	m     map[[sha256.Size]byte][sm3.Size]byte
	used  map[[sha256.Size]byte]bool
	added bool
}

// Limits of a sums file: entries kept, and bytes read.
const (
	maxSums     = 512
	maxSumsFile = 256 + maxSums*(2*sha256.Size+1+2*sm3.Size+1)
)

// sumsHeader opens a sums file; its last line is "end <SM3 of the lines before>".
const sumsHeader = "ezz-asset-sums/v1\n"

var processSums = NewSums("") // what Hash uses: one process's memory

// NewSums is an empty Sums kept in path by Save ("": in memory only).
func NewSums(path string) *Sums {
	return &Sums{path: path, m: map[[sha256.Size]byte][sm3.Size]byte{}, used: map[[sha256.Size]byte]bool{}}
}

// OpenSums reads the sums kept in path. A missing, unreadable or damaged
// file gives an empty Sums: the cache only ever saves work. So does a file
// that this user does not own or that others may write: its checksum is
// no seal, and a forged entry would give a changed font its old SM3.
func OpenSums(path string) *Sums {
	s := NewSums(path)
	f, _, err := asset.Open(path, maxSumsFile)
	if err != nil {
		return s
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !ownedAlone(st) {
		return s
	}
	data, err := io.ReadAll(io.LimitReader(f, maxSumsFile+1))
	if err != nil || len(data) > maxSumsFile {
		return s
	}
	if m, err := parseSums(data); err == nil {
		s.m = m
	}
	return s
}

func parseSums(data []byte) (map[[sha256.Size]byte][sm3.Size]byte, error) {
	body, check, ok := bytes.Cut(data, []byte("end "))
	if !ok || !bytes.HasPrefix(body, []byte(sumsHeader)) || len(check) != 2*sm3.Size+1 || check[2*sm3.Size] != '\n' {
		return nil, errors.New("not a sums file")
	}
	if sum := sm3.Sum(body); hex.EncodeToString(sum[:]) != string(check[:2*sm3.Size]) {
		return nil, errors.New("sums file damaged")
	}
	m := map[[sha256.Size]byte][sm3.Size]byte{}
	sc := bufio.NewScanner(bytes.NewReader(body[len(sumsHeader):]))
	for sc.Scan() {
		var k [sha256.Size]byte
		var v [sm3.Size]byte
		line := sc.Bytes()
		if len(line) != 2*sha256.Size+1+2*sm3.Size || line[2*sha256.Size] != ' ' || len(m) == maxSums {
			return nil, errors.New("bad line in sums file")
		}
		if _, err := hex.Decode(k[:], line[:2*sha256.Size]); err != nil {
			return nil, err
		}
		if _, err := hex.Decode(v[:], line[2*sha256.Size+1:]); err != nil {
			return nil, err
		}
		m[k] = v
	}
	return m, sc.Err()
}

// get returns the SM3 recorded for the SHA-256 key.
func (s *Sums) get(key [sha256.Size]byte) ([sm3.Size]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[key]
	if ok {
		s.used[key] = true
	}
	return v, ok
}

// put records the SM3 of the bytes whose SHA-256 is key.
func (s *Sums) put(key [sha256.Size]byte, sum [sm3.Size]byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[key], s.used[key], s.added = sum, true, true
}

// empty tells whether no key can be found: a miss is then certain.
func (s *Sums) empty() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m) == 0
}

// Save writes the sums to their file when this run added any: the entries
// used by this run first, then older ones up to maxSums. It writes a new
// file and renames it over the old one, so a reader sees one whole file or
// the other; of two runs saving at once, the last one's file is kept.
func (s *Sums) Save() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.path == "" || !s.added {
		return nil
	}
	dir := filepath.Dir(s.path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	sweepTemps(dir, time.Now())
	f, err := os.CreateTemp(dir, sumsTemp)
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // after the rename, nothing is left to remove
	_, err = f.Write(s.encode())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), s.path)
	}
	if err == nil {
		s.added = false
	}
	return err
}

// sumsTemp names the file a Save writes before it renames it into place.
const sumsTemp = ".asset-sums-*"

// staleTemp is the age past which a Save's temporary file is one a killed
// run left: a Save writes under 40 KB and renames it in milliseconds.
const staleTemp = 10 * time.Minute

// sweepTemps removes the temporary files of Saves killed before their
// rename: regular files named like sumsTemp, older than staleTemp (a
// younger one may be another process's Save under way). Nothing reads them;
// a kill at every Save would otherwise leave one each.
func sweepTemps(dir string, now time.Time) {
	entries, _ := os.ReadDir(dir) // not a Glob of dir: its name may be a pattern too
	for _, e := range entries {
		if ok, _ := filepath.Match(sumsTemp, e.Name()); !ok {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if st, err := os.Lstat(p); err == nil && st.Mode().IsRegular() && now.Sub(st.ModTime()) > staleTemp {
			os.Remove(p) // best effort: the cache only ever saves work
		}
	}
}

// encode is the file Save writes (callers hold mu).
func (s *Sums) encode() []byte {
	var b bytes.Buffer
	b.WriteString(sumsHeader)
	n := 0
	for _, used := range []bool{true, false} {
		for k, v := range s.m {
			if s.used[k] == used && n < maxSums {
				fmt.Fprintf(&b, "%x %x\n", k, v)
				n++
			}
		}
	}
	sum := sm3.Sum(b.Bytes())
	fmt.Fprintf(&b, "end %x\n", sum)
	return b.Bytes()
}

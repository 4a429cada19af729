package catalogue

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCompileAndHash(t *testing.T) {
	tpl, err := Load(bundledPath("food-business"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewLinter(tpl.FontDirs).Compile(tpl)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(c.ContentHash, "sm3:") || len(c.ContentHash) != 4+64 {
		t.Errorf("got hash %q, want sm3:<64 hex>", c.ContentHash)
	}
	if c.Catalogue.TypeCode != "11100000MB0143028R012" || c.Metadata["ZZBH"] != "license_no" {
		t.Errorf("got type code %q, ZZBH %q", c.Catalogue.TypeCode, c.Metadata["ZZBH"])
	}
	if c.SealPattern == nil || c.SealPattern.File != "assets/seal.png" || len(c.SealPattern.SM3) != 64 {
		t.Errorf("got seal pattern %+v, want assets/seal.png with its SM3", c.SealPattern)
	}
	if len(c.Fonts) != 4 || len(c.Samples) != 2 {
		t.Errorf("got %d fonts and %d samples, want 4 and 2", len(c.Fonts), len(c.Samples))
	}
	again, err := Hash(tpl)
	if err != nil || again != c.ContentHash {
		t.Errorf("got %q, %v on a second Hash, want %q", again, err, c.ContentHash)
	}
}

func TestHashChangesWithAnAsset(t *testing.T) {
	path := mutated(t, "", "")
	tpl, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	before, err := Hash(tpl)
	if err != nil {
		t.Fatal(err)
	}
	seal := filepath.Join(filepath.Dir(path), "assets", "seal.png")
	data, err := os.ReadFile(seal)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(seal, append(data, 0), 0o644); err != nil {
		t.Fatal(err)
	}
	after, err := Hash(tpl)
	if err != nil {
		t.Fatal(err)
	}
	if before == after {
		t.Errorf("got the same hash %s after changing the seal, want a different one", before)
	}
}

func TestCompileRefusesLintErrors(t *testing.T) {
	tpl, err := Load(mutated(t, "11100000MB0143028R012", "11100000MB0143028F012"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = NewLinter(tpl.FontDirs).Compile(tpl)
	var le *LintError
	if !errors.As(err, &le) || le.Findings[0].Rule != RuleTypeCode {
		t.Errorf("got %v, want a LintError with a type-code finding", err)
	}
}

package verify

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"ezz/internal/catalogue"
)

// LoadCatalogues reads every face template under dir (files named *.yaml or
// *.yml) and returns their catalogue hashes with their type codes, for
// Options.Catalogues. fontDirs are searched for fonts as in issuance, so that
// the hashes match what the issuer recorded.
func LoadCatalogues(dir string, fontDirs []string) (map[string]string, error) {
	known := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		ext := strings.ToLower(filepath.Ext(path))
		if d.IsDir() || (ext != ".yaml" && ext != ".yml") {
			return nil
		}
		t, err := catalogue.Load(path)
		if err != nil || t.Format != catalogue.FormatV1 {
			return nil // not a template: other YAML files may live beside them
		}
		t.FontDirs = fontDirs
		h, err := catalogue.Hash(t)
		if err != nil {
			return fmt.Errorf("template %s: %w", path, err)
		}
		known[h] = t.Catalogue.TypeCode
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read templates in %s: %w", dir, err)
	}
	if len(known) == 0 {
		return nil, fmt.Errorf("no face templates in %s", dir)
	}
	return known, nil
}

package repository

import (
	"context"
	"crypto"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"ezz/internal/push"
)

// handleItems receives a signed batch: it refuses the whole request when its
// signature, time, nonce, body or manifest is wrong, and otherwise answers per item.
func (s *Server) handleItems(w http.ResponseWriter, r *http.Request) {
	now := s.cfg.Clock()
	body, keyID, ok := s.authenticated(w, r, now)
	if !ok {
		return
	}
	b, err := push.DecodeBatch(body)
	if err != nil {
		refuse(w, http.StatusBadRequest, push.CodeMalformed, err.Error())
		return
	}
	m, err := b.OpenManifest(func(id string) (crypto.PublicKey, error) {
		if id != keyID {
			return nil, fmt.Errorf("%w: signed by key %s, the request by %s", push.ErrManifest, id, keyID)
		}
		pub, _, err := s.keyFor(id, now)
		return pub, err
	})
	if err != nil {
		refuse(w, http.StatusBadRequest, push.CodeBadManifest, err.Error())
		return
	}
	if err := s.checkHead(r, keyID, m, now); err != nil {
		refuse(w, http.StatusConflict, push.CodeTreeHead, err.Error())
		return
	}
	results, err := s.receive(r.Context(), b, m, keyID, now)
	if err != nil {
		refuse(w, http.StatusInternalServerError, push.CodeInternal, "the repository could not store the batch")
		return
	}
	s.writeSigned(w, r, http.StatusOK, push.Answer{Format: push.AnswerV1, Results: results})
}

// authenticated reads the body within the limit and checks the request's
// signature, time, body digest and nonce. On failure it has answered.
func (s *Server) authenticated(w http.ResponseWriter, r *http.Request, now time.Time) (body []byte, keyID string, ok bool) {
	body, ok = s.readBody(w, r)
	if !ok {
		return nil, "", false
	}
	keyID, err := s.checkAuth(r, body, now)
	if err != nil {
		var ae *push.AuthError
		status := http.StatusUnauthorized
		if errors.As(err, &ae) && (ae.Code == push.CodeReplayed || ae.Code == push.CodeBodyDigest) {
			status = map[string]int{push.CodeReplayed: http.StatusConflict, push.CodeBodyDigest: http.StatusBadRequest}[ae.Code]
		} else if errors.As(err, &ae) && ae.Code == push.CodeRevokedKey {
			status = http.StatusForbidden
		}
		code := push.CodeBadSignature
		if ae != nil {
			code = ae.Code
		}
		refuse(w, status, code, err.Error())
		return nil, "", false
	}
	return body, keyID, true
}

// readBody reads the body within the limit. On failure it has answered.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	if r.ContentLength > s.cfg.MaxBody {
		refuse(w, http.StatusRequestEntityTooLarge, push.CodeTooLarge, fmt.Sprintf("the body is larger than %d bytes", s.cfg.MaxBody))
		return nil, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBody))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		refuse(w, http.StatusRequestEntityTooLarge, push.CodeTooLarge, fmt.Sprintf("the body is larger than %d bytes", s.cfg.MaxBody))
		return nil, false
	}
	if err != nil {
		refuse(w, http.StatusBadRequest, push.CodeMalformed, "the body could not be read")
		return nil, false
	}
	return body, true
}

func (s *Server) checkAuth(r *http.Request, body []byte, now time.Time) (string, error) {
	a, err := push.ParseAuth(r, now)
	if err != nil {
		return "", err
	}
	pub, code, err := s.keyFor(a.KeyID, now)
	if err != nil {
		return "", &push.AuthError{Code: code, Err: err}
	}
	if err := a.Verify(pub); err != nil {
		return "", err
	}
	if err := a.CheckBody(body); err != nil {
		return "", err
	}
	if err := s.store.useNonce(r.Context(), a.KeyID, a.Nonce, now, push.ReplayWindow); err != nil {
		if errors.Is(err, errReplayed) {
			return "", &push.AuthError{Code: push.CodeReplayed, Err: fmt.Errorf("this request (nonce %s) was received before", a.Nonce)}
		}
		return "", err
	}
	return a.KeyID, nil
}

// receive checks each item and stores those that pass, in manifest order.
func (s *Server) receive(ctx context.Context, b *push.Batch, m *push.Manifest, keyID string, now time.Time) ([]push.Result, error) {
	results := make([]push.Result, len(b.Items))
	checked := parallel(len(b.Items), func(i int) *push.Result { return s.checkItem(ctx, m, i, &b.Items[i]) })
	var ok []stored
	var at []int
	for i := range b.Items {
		if res := checked[i]; res != nil {
			results[i] = *res
			continue
		}
		ok = append(ok, stored{item: &b.Items[i], digest: m.Items[i].SM3, issuerKey: keyID})
		at = append(at, i)
	}
	put, err := s.store.putBatch(ctx, b.Manifest, b.Signature, keyID, ok, now)
	if err != nil {
		return nil, err
	}
	for j, i := range at {
		results[i] = put[j]
	}
	return results, nil
}

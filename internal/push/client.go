package push

import (
	"bytes"
	"context"
	"crypto"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// MaxAnswer bounds the size of an answer the client reads.
const MaxAnswer = 16 << 20

// Client sends signed requests of the ezz protocol to one repository.
type Client struct {
	BaseURL string       // e.g. https://repo.example.gov.cn/ezz (no trailing slash)
	HTTP    *http.Client // its Timeout bounds each attempt
	Key     crypto.Signer
	Retry   Retry
	Clock   func() time.Time // nil means time.Now
	// Authorize, when set, adds credentials to each attempt (a profile's bearer token).
	Authorize func(ctx context.Context, req *http.Request) error
	// Attempted, when set, is called after every failed attempt with the wait before the next.
	Attempted func(err error, wait time.Duration)
	// Receiver, when set, is the receiver's public key: every answer to a
	// signed request must carry its signature (Ezz-Receiver-Signature).
	Receiver crypto.PublicKey
}

// CodeAnswerSignature is why an answer is not believed: its receiver signature is missing or wrong.
const CodeAnswerSignature = "answer-signature"

// RefusedError is an answer that retrying cannot change (a 4xx other than 408 and 429).
type RefusedError struct {
	Status  int
	Refusal Refusal
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("the repository refused the request (HTTP %d %s): %s", e.Status, e.Refusal.Code, e.Refusal.Reason)
}

// ErrGaveUp is wrapped when every attempt failed.
var ErrGaveUp = errors.New("gave up after retrying")

func (c *Client) now() time.Time {
	if c.Clock != nil {
		return c.Clock()
	}
	return time.Now()
}

// Do sends a signed request with body (nil for GET) and decodes the JSON
// answer into out, retrying what can be retried.
func (c *Client) Do(ctx context.Context, method, path string, body []byte, out any) error {
	var last error
	attempts := max(c.Retry.Attempts, 1)
	for n := 0; n < attempts; n++ {
		wait, err := c.attempt(ctx, method, path, body, out)
		if err == nil {
			return nil
		}
		var refused *RefusedError
		if errors.As(err, &refused) || ctx.Err() != nil {
			return err
		}
		last = err
		if n == attempts-1 {
			break
		}
		if wait < 0 {
			wait = c.Retry.delay(n)
		}
		if c.Attempted != nil {
			c.Attempted(err, wait)
		}
		if err := sleep(ctx, wait); err != nil {
			return err
		}
	}
	return fmt.Errorf("%w %d times: %w", ErrGaveUp, attempts, last)
}

// attempt makes one request. wait is the server's Retry-After, or -1.
func (c *Client) attempt(ctx context.Context, method, path string, body []byte, out any) (wait time.Duration, err error) {
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(c.BaseURL, "/")+path, bytes.NewReader(body))
	if err != nil {
		return -1, &RefusedError{Refusal: Refusal{Code: "bad-url", Reason: err.Error()}}
	}
	req.Header.Set("Content-Type", "application/json")
	if c.Key != nil {
		if err := SignRequest(req, body, c.Key, c.now()); err != nil {
			return -1, err
		}
	}
	if c.Authorize != nil {
		if err := c.Authorize(ctx, req); err != nil {
			return -1, err
		}
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return -1, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxAnswer))
	if err != nil {
		return -1, fmt.Errorf("read the answer: %w", err)
	}
	if resp.StatusCode == http.StatusOK && c.Receiver != nil && c.Key != nil {
		if err := VerifyAnswer(c.Receiver, req.Header.Get(HeaderNonce), data, resp.Header.Get(HeaderReceiverSignature)); err != nil {
			return -1, &RefusedError{Status: resp.StatusCode, Refusal: Refusal{Code: CodeAnswerSignature, Reason: err.Error()}}
		}
	}
	return c.answer(resp, data, out)
}

func (c *Client) answer(resp *http.Response, data []byte, out any) (time.Duration, error) {
	code := resp.StatusCode
	switch {
	case code == http.StatusOK:
		if err := json.Unmarshal(data, out); err != nil {
			return -1, fmt.Errorf("the answer is not the protocol's JSON: %w", err)
		}
		return 0, nil
	case code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable:
		wait, ok := c.Retry.retryAfter(resp.Header, c.now())
		if !ok {
			wait = -1
		}
		return wait, fmt.Errorf("HTTP %d: %s", code, refusalOf(data).Reason)
	case code >= 500 || code == http.StatusRequestTimeout:
		return -1, fmt.Errorf("HTTP %d: %s", code, refusalOf(data).Reason)
	default:
		return -1, &RefusedError{Status: code, Refusal: refusalOf(data)}
	}
}

func refusalOf(data []byte) Refusal {
	var r Refusal
	if json.Unmarshal(data, &r) != nil || r.Code == "" {
		s := strings.TrimSpace(string(data))
		if len(s) > 200 {
			s = s[:200]
		}
		return Refusal{Code: "http", Reason: s}
	}
	return r
}

// Package push carries certificates and their lifecycle changes from an
// agency's ledger to a provincial repository: the ezz push protocol (batches of
// items under a signed manifest, requests signed with the agency key), the
// client that empties the outbox (batching, retries with backoff and jitter,
// 429 and Retry-After, a rate limit, resumption after a crash), the profiles
// that map the protocol onto a province's own interface, and signed status
// lists. docs/push-protocol.md is the specification.
package push

// Package repository is the reference receiver of the ezz push protocol: a
// small repository for pilots and for ezz's own tests. It checks every
// request's signature (the agency key, a replay window, the body digest) and
// every pushed item's signatures against the issuers it trusts, stores items
// idempotently in SQLite (a duplicate is answered with its original receipt),
// answers status look-ups by identifier, imports offline bundles and serves
// the signed status list each issuer pushes.
//
// Other parts of ezz extend it through a small API: Server.Mount adds a
// handler to the receiver's mux (the scan-to-verify page mounts GET /v/ on
// it), and Server.Status looks a certificate's current status up.
package repository

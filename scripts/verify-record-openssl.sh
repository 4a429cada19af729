#!/bin/sh
# verify-record-openssl.sh — check an ezz signed record with OpenSSL 3 alone.
#
# usage: scripts/verify-record-openssl.sh ENVELOPE.json CERT-OR-PUBKEY.pem
#
# ENVELOPE.json is a signed record exactly as ezz wrote it (one line:
# {"format":"ezz/signed-record/v1","alg":…,"key_id":…,"signature":…,"record":{…}}).
# CERT-OR-PUBKEY.pem is the issuing certificate (or its public key) of the agency.
# The script cuts out the canonical record bytes (everything after "record":
# up to the final brace), decodes the signature, checks that the key id is the
# first 16 hex digits of SM3 over the public key (SubjectPublicKeyInfo DER) and
# runs `openssl dgst -verify` — SM3 with SM2 distid 1234567812345678, or SHA-256
# for ECDSA and RSA keys. Exit status 0 and "Verified OK" means the signature holds.
# See docs/record.md for the format.
set -eu

die() { echo "verify-record-openssl: $*" >&2; exit 1; }

[ $# -eq 2 ] || { echo "usage: $0 ENVELOPE.json CERT-OR-PUBKEY.pem" >&2; exit 2; }
envelope=$1
keyfile=$2
command -v openssl >/dev/null || die "openssl not found"
[ -f "$envelope" ] || die "$envelope: no such file"
[ -f "$keyfile" ] || die "$keyfile: no such file"
[ "$(wc -l < "$envelope")" -le 1 ] || die "$envelope: an envelope is a single line"

line=$(cat "$envelope")
prefix='^\{"format":"ezz/signed-record/v1","alg":"(SM2-SM3|ECDSA-SHA256|RSA-SHA256)","key_id":"[0-9a-f]{16}","signature":"[A-Za-z0-9+/=]+","record":\{'
printf '%s' "$line" | grep -Eq "$prefix" || die "$envelope: not an ezz/signed-record/v1 envelope as ezz writes it"
case $line in *'}') ;; *) die "$envelope: does not end with }" ;; esac

hdr=${line%%\"record\":*}
field() { printf '%s' "$hdr" | sed -E "s/^.*\"$1\":\"([^\"]*)\".*\$/\\1/"; }
alg=$(field alg)
key_id=$(field key_id)
signature=$(field signature)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

rest=${line#*\"record\":}
printf '%s' "${rest%\}}" > "$tmp/canonical.bin"
printf '%s' "$signature" | openssl base64 -d -A > "$tmp/sig.bin"

if grep -q 'BEGIN CERTIFICATE' "$keyfile"; then
	openssl x509 -in "$keyfile" -pubkey -noout > "$tmp/pub.pem"
else
	openssl pkey -pubin -in "$keyfile" -out "$tmp/pub.pem"
fi
got_id=$(openssl pkey -pubin -in "$tmp/pub.pem" -outform DER | openssl dgst -sm3 -r | cut -c1-16)
[ "$got_id" = "$key_id" ] || die "key id $key_id in the envelope, but $keyfile has key id $got_id"

echo "alg $alg, key id $key_id, $(wc -c < "$tmp/canonical.bin" | tr -d ' ') canonical bytes"
case $alg in
SM2-SM3)
	openssl dgst -sm3 -verify "$tmp/pub.pem" -sigopt distid:1234567812345678 \
		-signature "$tmp/sig.bin" "$tmp/canonical.bin" ;;
*)
	openssl dgst -sha256 -verify "$tmp/pub.pem" -signature "$tmp/sig.bin" "$tmp/canonical.bin" ;;
esac

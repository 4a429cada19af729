#!/bin/sh
# verify-pdf-sm2-openssl.sh — check the first (issuing) SM2 signature of a PDF with OpenSSL 3 alone.
#
# usage: scripts/verify-pdf-sm2-openssl.sh FILE.pdf
#
# `openssl cms -verify` cannot check SM2 signatures, so the script does it by hand:
#   1. reads the first /ByteRange [0 a b c] and cuts out the CMS (the hex string
#      between bytes a and b) and the signed ranges [0,a) and [b,b+c);
#   2. checks that the CMS messageDigest attribute equals SM3 over the signed ranges;
#   3. takes the signer certificate (the first certificate in the CMS, as ezz
#      writes it), re-tags the signed attributes as a SET and checks the
#      signature over them with `openssl dgst -sm3 -verify -sigopt distid:1234567812345678`.
# It prints one line per check and finally one RESULT line:
#   RESULT: VALID                 exit 0: the signature verifies and covers the whole file
#   RESULT: SIGNED BYTES ONLY: …  exit 1: the signed bytes verify, but bytes follow the
#                                 signed range (incremental updates, or garbage) that this
#                                 script does not judge: what a reader shows may differ from
#                                 what was signed; use `ezz verify`
#   RESULT: INVALID: why          exit 1
# Exit status 2 on usage or tool errors. The script does not check the signer's trust:
# read the subject it prints. See docs/pdf-signature.md.
set -eu

die() { echo "verify-pdf-sm2-openssl: $*" >&2; exit 2; }
invalid() { echo "RESULT: INVALID: $*"; exit 1; }

[ $# -eq 1 ] || { echo "usage: $0 FILE.pdf" >&2; exit 2; }
pdf=$1
command -v openssl >/dev/null || die "openssl not found"
[ -f "$pdf" ] || die "$pdf: no such file"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

br=$(grep -a -o '/ByteRange *\[ *[0-9]* *[0-9]* *[0-9]* *[0-9]* *\]' "$pdf" | head -n 1 | tr -c '0-9' ' ') || true
[ -n "$br" ] || invalid "no /ByteRange in $pdf"
set -- $br
[ $# -eq 4 ] || invalid "malformed /ByteRange"
r0=$1 a=$2 b=$3 c=$4
size=$(wc -c < "$pdf" | tr -d ' ')
echo "byte range: [0 $a $b $c], file size $size"
[ "$r0" -eq 0 ] || invalid "byte range does not start at 0"
[ $((b + c)) -le "$size" ] || invalid "byte range ends past the end of the file"
[ $((b + c)) -eq "$size" ] && echo "coverage: whole file" || echo "coverage: $((size - b - c)) bytes follow the signed range"

# The CMS: the hex digits between '<' at a and '>' at b-1, without the zero padding.
tail -c +$((a + 2)) "$pdf" | head -c $((b - a - 2)) | tr -d ' \r\n' | tr a-f A-F > "$tmp/cms.hex"
basenc --base16 -d "$tmp/cms.hex" > "$tmp/padded.der" 2>/dev/null || invalid "/Contents is not a hex string"
top=$(openssl asn1parse -inform DER -in "$tmp/padded.der" 2>/dev/null | head -n 1) || true
hl=$(echo "$top" | sed -n 's/.*hl=\([0-9]*\).*/\1/p')
l=$(echo "$top" | sed -n 's/.*l= *\([0-9]*\).*/\1/p')
[ -n "$hl" ] && [ -n "$l" ] || invalid "/Contents is not DER"
head -c $((hl + l)) "$tmp/padded.der" > "$tmp/cms.der"
openssl asn1parse -inform DER -in "$tmp/cms.der" > "$tmp/cms.txt" 2>/dev/null || invalid "CMS does not parse"

# Check 1: messageDigest equals SM3 of the signed ranges.
want=$(grep -A 2 ':messageDigest' "$tmp/cms.txt" | sed -n 's/.*\[HEX DUMP\]://p' | head -n 1)
got=$({ head -c "$a" "$pdf"; tail -c +$((b + 1)) "$pdf" | head -c "$c"; } | openssl dgst -sm3 -r | cut -d ' ' -f 1 | tr a-f A-F)
echo "messageDigest: $want"
echo "SM3 of signed ranges: $got"
[ -n "$want" ] && [ "$want" = "$got" ] && echo "digest: OK" || { echo "digest: MISMATCH"; invalid "digest mismatch"; }

# Check 2: the signature over the signed attributes (SignerInfo at depth 4, its [0] at depth 5).
attrs=$(grep 'd=5 .*cont \[ 0 \]' "$tmp/cms.txt" | head -n 1)
off=$(echo "$attrs" | sed -n 's/^ *\([0-9]*\):.*/\1/p')
ahl=$(echo "$attrs" | sed -n 's/.*hl=\([0-9]*\).*/\1/p')
al=$(echo "$attrs" | sed -n 's/.*l= *\([0-9]*\).*/\1/p')
[ -n "$off" ] || invalid "no signed attributes"
{ printf '\061'; tail -c +$((off + 2)) "$tmp/cms.der" | head -c $((ahl + al - 1)); } > "$tmp/attrs.der"
grep 'd=5 .*OCTET STRING' "$tmp/cms.txt" | tail -n 1 | sed -n 's/.*\[HEX DUMP\]://p' > "$tmp/sig.hex"
basenc --base16 -d "$tmp/sig.hex" > "$tmp/sig.der" 2>/dev/null || invalid "no signature value"
openssl pkcs7 -inform DER -in "$tmp/cms.der" -print_certs 2>/dev/null |
	sed -n '/BEGIN CERTIFICATE/,/END CERTIFICATE/p;/END CERTIFICATE/q' > "$tmp/signer.pem"
openssl x509 -in "$tmp/signer.pem" -noout -subject 2>/dev/null || invalid "no signer certificate"
openssl x509 -in "$tmp/signer.pem" -pubkey -noout > "$tmp/pub.pem"
if openssl dgst -sm3 -verify "$tmp/pub.pem" -sigopt distid:1234567812345678 \
	-signature "$tmp/sig.der" "$tmp/attrs.der"; then
	if [ $((b + c)) -lt "$size" ]; then
		echo "RESULT: SIGNED BYTES ONLY: the signature over bytes 0-$((b + c)) verifies, but $((size - b - c)) bytes follow it that this script does not check (use ezz verify)"
		exit 1
	fi
	echo "RESULT: VALID"
else
	invalid "the SM2 signature over the signed attributes does not verify"
fi

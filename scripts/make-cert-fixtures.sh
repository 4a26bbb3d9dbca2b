#!/usr/bin/env bash
# Regenerates every CSR/certificate fixture under test/fixtures/cert/ with openssl (and node for the two
# deliberately weak RSA keys, whose primes openssl cannot be told to choose).
# Keys are throwaway and are not kept, except private-key*.pem/der: those exist to prove the bot refuses
# a pasted private key, and must never be used for anything else.
#
# Usage: scripts/make-cert-fixtures.sh   (from the repository root; needs openssl >= 1.1.1 and node >= 20)
set -euo pipefail

OUT="$(cd "$(dirname "$0")/.." && pwd)/test/fixtures/cert"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"
rm -f "$OUT"/*.csr "$OUT"/*.pem "$OUT"/*.der "$OUT"/*.txt

DOMAIN=www.sakura-shoji.co.jp
SUBJ="/C=JP/ST=Tokyo/L=Chiyoda-ku/O=Sakura Shoji Co., Ltd./CN=$DOMAIN"
SAN="subjectAltName=DNS:$DOMAIN,DNS:sakura-shoji.co.jp"

quiet() { "$@" 2>/dev/null; }

# csr NAME KEYFILE [req options...]: a CSR for an existing key, with the default subject and SANs
# unless the options give their own.
csr() {
  local name=$1 key=$2
  shift 2
  quiet openssl req -new -key "$key" -out "$OUT/$name.csr" "$@"
}

key_rsa() { quiet openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:$2" -out "$TMP/$1.key"; }
key_ec() { quiet openssl genpkey -algorithm EC -pkeyopt "ec_paramgen_curve:$2" -out "$TMP/$1.key"; }

# --- good CSRs -----------------------------------------------------------------------------------
key_rsa rsa2048 2048
key_rsa rsa3072 3072
key_ec p256 P-256
key_ec p384 P-384
key_ec p521 P-521
csr rsa2048 "$TMP/rsa2048.key" -sha256 -subj "$SUBJ" -addext "$SAN"
csr rsa3072 "$TMP/rsa3072.key" -sha256 -subj "$SUBJ" -addext "$SAN"
csr ec-p256 "$TMP/p256.key" -sha256 -subj "$SUBJ" -addext "$SAN"
csr ec-p384 "$TMP/p384.key" -sha384 -subj "$SUBJ" -addext "$SAN"
csr ec-p521 "$TMP/p521.key" -sha512 -subj "$SUBJ" -addext "$SAN"
# CN only, no SAN extension: allowed (the CA adds the SAN), the CN is the domain.
csr rsa2048-no-san "$TMP/rsa2048.key" -sha256 -subj "$SUBJ"
# RSA key, RSASSA-PSS signature.
csr rsa-pss "$TMP/rsa2048.key" -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 \
  -subj "$SUBJ" -addext "$SAN"
openssl req -in "$OUT/rsa2048.csr" -outform DER -out "$OUT/rsa2048.csr.der"

# --- refused key types and sizes -----------------------------------------------------------------
quiet openssl genpkey -algorithm ED25519 -out "$TMP/ed25519.key"
csr ed25519 "$TMP/ed25519.key" -subj "$SUBJ" -addext "$SAN"
key_rsa rsa1024 1024
csr rsa1024 "$TMP/rsa1024.key" -sha256 -subj "$SUBJ" -addext "$SAN"
key_rsa rsa2047 2047
csr rsa2047 "$TMP/rsa2047.key" -sha256 -subj "$SUBJ" -addext "$SAN"
quiet openssl genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:2048 -out "$TMP/dsa.param"
quiet openssl genpkey -paramfile "$TMP/dsa.param" -out "$TMP/dsa.key"
csr dsa "$TMP/dsa.key" -sha256 -subj "$SUBJ" -addext "$SAN"
key_ec secp256k1 secp256k1
csr ec-secp256k1 "$TMP/secp256k1.key" -sha256 -subj "$SUBJ" -addext "$SAN"

# --- weak signature hashes -----------------------------------------------------------------------
csr rsa-sha1 "$TMP/rsa2048.key" -sha1 -subj "$SUBJ" -addext "$SAN"
csr rsa-md5 "$TMP/rsa2048.key" -md5 -subj "$SUBJ" -addext "$SAN"

# --- names the CA refuses --------------------------------------------------------------------------
csr wildcard "$TMP/rsa2048.key" -sha256 -subj "/C=JP/O=Sakura Shoji Co., Ltd./CN=*.sakura-shoji.co.jp" \
  -addext "subjectAltName=DNS:*.sakura-shoji.co.jp,DNS:sakura-shoji.co.jp"
csr ip-san "$TMP/rsa2048.key" -sha256 -subj "$SUBJ" -addext "subjectAltName=DNS:$DOMAIN,IP:203.0.113.10"
csr ip-cn "$TMP/rsa2048.key" -sha256 -subj "/C=JP/O=Sakura Shoji Co., Ltd./CN=203.0.113.10"
csr local-name "$TMP/rsa2048.key" -sha256 -subj "/C=JP/O=Sakura Shoji Co., Ltd./CN=intranet.local" \
  -addext "subjectAltName=DNS:intranet.local,DNS:mail.corp.internal"
csr single-label "$TMP/rsa2048.key" -sha256 -subj "/C=JP/O=Sakura Shoji Co., Ltd./CN=fileserver"
csr cn-not-in-sans "$TMP/rsa2048.key" -sha256 -subj "$SUBJ" \
  -addext "subjectAltName=DNS:shop.sakura-shoji.co.jp"

# --- subject against the organisation --------------------------------------------------------------
csr ou-present "$TMP/rsa2048.key" -sha256 \
  -subj "/C=JP/ST=Tokyo/L=Chiyoda-ku/O=Sakura Shoji Co., Ltd./OU=IT Department/CN=$DOMAIN" -addext "$SAN"
csr japanese-o "$TMP/rsa2048.key" -sha256 -utf8 \
  -subj "/C=JP/ST=Tokyo/L=Chiyoda-ku/O=さくら商事株式会社/CN=$DOMAIN" -addext "$SAN"
csr wrong-c "$TMP/rsa2048.key" -sha256 \
  -subj "/C=US/ST=Tokyo/L=Chiyoda-ku/O=Sakura Shoji Co., Ltd./CN=$DOMAIN" -addext "$SAN"
csr other-org "$TMP/rsa2048.key" -sha256 \
  -subj "/C=JP/ST=Tokyo/L=Chiyoda-ku/O=Momiji Trading Inc./CN=$DOMAIN" -addext "$SAN"

# --- a CSR whose subject was edited after signing: the self-signature no longer verifies ----------
node - "$OUT/rsa2048.csr.der" "$OUT/tampered.csr" <<'EOF'
const { readFileSync, writeFileSync } = require('node:fs');
const [der, out] = process.argv.slice(2);
const bytes = readFileSync(der);
const at = bytes.indexOf(Buffer.from('Sakura Shoji'));
if (at < 0) throw new Error('subject not found');
bytes[at] = 'T'.charCodeAt(0); // "Takura Shoji": same length, so the DER stays well formed
const b64 = bytes.toString('base64').replace(/.{64}/g, '$&\n');
writeFileSync(out, `-----BEGIN CERTIFICATE REQUEST-----\n${b64.trimEnd()}\n-----END CERTIFICATE REQUEST-----\n`);
EOF

# --- weak RSA keys (Baseline Requirements 6.1.1.3): close primes (Fermat) and the ROCA structure ----
node - "$TMP" <<'EOF'
const { checkPrimeSync, createPrivateKey, generatePrimeSync, randomBytes } = require('node:crypto');
const { writeFileSync } = require('node:fs');
const dir = process.argv[2];
const e = 65537n;
const modPow = (b, x, m) => {
  let r = 1n;
  b %= m;
  for (; x > 0n; x >>= 1n, b = (b * b) % m) if (x & 1n) r = (r * b) % m;
  return r;
};
const gcd = (a, b) => (b === 0n ? a : gcd(b, a % b));
const inv = (a, m) => {
  let [r0, r1, s0, s1] = [a % m, m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
};
const bits = (n) => n.toString(2).length;
const randBig = (nbits) => BigInt(`0x${randomBytes(Math.ceil(nbits / 8)).toString('hex')}`) >> BigInt(Math.ceil(nbits / 8) * 8 - nbits);
const b64u = (n) => {
  const h = n.toString(16);
  return Buffer.from(h.length % 2 ? `0${h}` : h, 'hex').toString('base64url');
};
const usable = (p) => checkPrimeSync(p) && gcd(e, p - 1n) === 1n;
function writeKey(name, p, q) {
  const n = p * q;
  const lambda = ((p - 1n) * (q - 1n)) / gcd(p - 1n, q - 1n);
  const d = inv(e, lambda);
  const jwk = { kty: 'RSA', n: b64u(n), e: b64u(e), d: b64u(d), p: b64u(p), q: b64u(q),
    dp: b64u(d % (p - 1n)), dq: b64u(d % (q - 1n)), qi: b64u(inv(q, p)) };
  const pem = createPrivateKey({ key: jwk, format: 'jwk' }).export({ type: 'pkcs8', format: 'pem' });
  writeFileSync(`${dir}/${name}.key`, pem);
  if (bits(n) !== 2048) throw new Error(`${name}: modulus has ${bits(n)} bits`);
}

// Fermat: q is the next usable prime after p + 2^400, so |p - q| is tiny next to sqrt(n) and Fermat's
// method finds the factors in its first round.
let p = 0n;
while (bits(p) !== 1024 || !usable(p) || (p >> 1022n) !== 3n) p = generatePrimeSync(1024, { bigint: true });
let q = p + (1n << 400n); // p is odd, so q starts odd
while (!usable(q)) q += 2n;
writeKey('fermat', p, q);

// ROCA (Nemec et al., CCS 2017): the Infineon library made primes p = k*M + (65537^a mod M), M the
// product of the first 126 primes for 2048-bit keys.
const primes = [];
for (let c = 2; primes.length < 126; c++) if (primes.every((x) => c % x !== 0)) primes.push(c);
const M = primes.reduce((a, x) => a * BigInt(x), 1n);
function rocaPrime() {
  for (;;) {
    const k = randBig(1024 - bits(M)) | (1n << BigInt(1024 - bits(M) - 1));
    const cand = k * M + modPow(65537n, randBig(256), M);
    if (bits(cand) === 1024 && usable(cand)) return cand;
  }
}
let rp = rocaPrime();
let rq = rocaPrime();
while (bits(rp * rq) !== 2048) [rp, rq] = [rocaPrime(), rocaPrime()];
writeKey('roca', rp, rq);
EOF
csr weak-fermat "$TMP/fermat.key" -sha256 -subj "$SUBJ" -addext "$SAN"
csr weak-roca "$TMP/roca.key" -sha256 -subj "$SUBJ" -addext "$SAN"

# --- the wrong thing pasted ----------------------------------------------------------------------
quiet openssl req -x509 -new -key "$TMP/rsa2048.key" -sha256 -days 365 -subj "$SUBJ" -addext "$SAN" \
  -out "$OUT/certificate.pem"
# A throwaway key, generated for these fixtures only.
quiet openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$OUT/private-key.pem"
quiet openssl pkey -in "$OUT/private-key.pem" -traditional -out "$OUT/private-key-rsa.pem"
quiet openssl pkey -in "$OUT/private-key.pem" -outform DER -out "$OUT/private-key.der"
quiet openssl ecparam -name prime256v1 -genkey -out "$OUT/private-key-ec.pem"
quiet openssl pkey -in "$OUT/private-key.pem" -pubout -out "$OUT/public-key.pem"
head -c 600 "$OUT/rsa2048.csr" >"$OUT/truncated.csr"
# Base64 body with the END line lost: the kind of thing a half-selected copy produces.
head -n 12 "$OUT/rsa2048.csr" >"$OUT/truncated-no-end.csr"
printf 'こんにちは、CSRを貼ります。よろしくお願いします。\nhttps://example.co.jp/ 12345\n' >"$OUT/garbage.txt"

# --- how people paste in Slack ------------------------------------------------------------------------
{
  printf 'CSRです。確認お願いします\r\n```\r\n'
  sed 's/^/  /; s/$/\r/' "$OUT/ec-p256.csr"
  printf '```'
} >"$OUT/slack-paste.txt"
# Newlines collapsed to spaces (some chat clients and forms do this).
tr '\n' ' ' <"$OUT/rsa2048.csr" >"$OUT/one-line-paste.txt"
# PEM body with no header or footer at all.
grep -v -- '-----' "$OUT/rsa2048.csr" >"$OUT/bare-base64.txt"

echo "fixtures written to $OUT:"
ls "$OUT"

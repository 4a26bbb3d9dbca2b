import { type Finding, finding } from './problem.js';
import type { PublicKey } from './public-key.js';
import { fermatFactor, hasRocaFingerprint } from './weak-keys.js';

/**
 * Key algorithm and strength (Baseline Requirements 6.1.5 and 6.1.6; weak keys 6.1.1.3).
 * `prefix` is `csr` or `cert`, so codes read `csr.rsa-key-too-small` or `cert.rsa-key-too-small`.
 */
export function checkKey(key: PublicKey, prefix: string): Finding[] {
  const { keyType, keySize, curve } = key.summary;
  if (keyType === 'RSA') return checkRsa(key, prefix);
  if (keyType === 'EC') {
    if (curve === 'P-256' || curve === 'P-384') return [];
    if (curve === 'P-521') {
      return [
        finding(
          `${prefix}.ec-p521`,
          'warning',
          'ECDSA P-521 の鍵です。CA/ブラウザーによっては受け付けないため、P-256 か P-384 をおすすめします。',
          'The key is ECDSA P-521. Some CAs and browsers do not accept it; P-256 or P-384 is recommended.',
        ),
      ];
    }
    return [
      finding(
        `${prefix}.ec-curve-unsupported`,
        'error',
        `楕円曲線 ${curve} の鍵は使えません（Baseline Requirements 6.1.5）。P-256 か P-384 で作り直してください。`,
        `Keys on the curve ${curve} are not allowed (Baseline Requirements 6.1.5); use P-256 or P-384.`,
      ),
    ];
  }
  const size = keySize ? ` (${keySize} bit)` : '';
  return [
    finding(
      `${prefix}.key-type-unsupported`,
      'error',
      `鍵の種類 ${keyType}${size} は SSL サーバー証明書に使えません（Baseline Requirements 6.1.5: RSA か ECDSA のみ）。`,
      `The key type ${keyType}${size} cannot be used for a TLS server certificate (Baseline Requirements 6.1.5 allows RSA and ECDSA only).`,
    ),
  ];
}

function checkRsa(key: PublicKey, prefix: string): Finding[] {
  const out: Finding[] = [];
  const size = key.summary.keySize ?? 0;
  if (size < 2048) {
    out.push(
      finding(
        `${prefix}.rsa-key-too-small`,
        'error',
        `RSA 鍵が ${size} ビットです。2048 ビット以上が必要です（Baseline Requirements 6.1.5）。`,
        `The RSA key has ${size} bits; at least 2048 are required (Baseline Requirements 6.1.5).`,
      ),
    );
  } else if (size % 8 !== 0) {
    out.push(
      finding(
        `${prefix}.rsa-key-size`,
        'error',
        `RSA 鍵のビット数 ${size} が 8 の倍数ではありません（Baseline Requirements 6.1.5）。2048 などで作り直してください。`,
        `The RSA key size ${size} is not a multiple of 8 (Baseline Requirements 6.1.5); use 2048, 3072 or 4096.`,
      ),
    );
  }
  const rsa = key.rsa;
  if (!rsa) return out;
  if (rsa.e < 3n || rsa.e % 2n === 0n) {
    out.push(
      finding(
        `${prefix}.rsa-exponent`,
        'error',
        `RSA 公開指数 ${rsa.e} は使えません（3 以上の奇数、通常は 65537。Baseline Requirements 6.1.6）。`,
        `The RSA public exponent ${rsa.e} is not allowed (it must be odd and at least 3, normally 65537; Baseline Requirements 6.1.6).`,
      ),
    );
  }
  if (fermatFactor(rsa.n)) {
    out.push(
      finding(
        `${prefix}.weak-key-fermat`,
        'error',
        'この RSA 鍵は 2 つの素数が近すぎて簡単に素因数分解できます（フェルマー法、Baseline Requirements 6.1.1.3）。CA は拒否します。鍵を生成した機器やソフトの不具合を疑い、別の環境で作り直してください。',
        "This RSA key's two primes are so close that Fermat's method factors it at once (Baseline Requirements 6.1.1.3); the CA will refuse it. Suspect the device or software that made it and generate the key elsewhere.",
      ),
    );
  }
  if (hasRocaFingerprint(rsa.n)) {
    out.push(
      finding(
        `${prefix}.weak-key-roca`,
        'error',
        'この RSA 鍵には ROCA 脆弱性（CVE-2017-15361、Infineon 製チップの鍵生成の欠陥）の特徴があり、秘密鍵が計算で求められます。CA は拒否します。そのチップ（TPM・スマートカード等）以外で作り直してください。',
        'This RSA key has the ROCA fingerprint (CVE-2017-15361, the flawed Infineon key generation): its private key can be computed. The CA will refuse it; generate a new key outside that chip (TPM, smart card, ...).',
      ),
    );
  }
  return out;
}

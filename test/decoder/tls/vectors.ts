// Published and independently computed vectors for the TLS layer's tests.
// - RFC 8448 §3 (Simple 1-RTT Handshake): application traffic secrets, their keys and IVs, and the
//   two application_data records (plaintext 00 01 … 31, inner type application_data).
// - RFC 8439 §2.8.2: the ChaCha20-Poly1305 AEAD example.
// - TLS 1.2: computed by /tmp/tls12vec.py-style Python (stdlib hmac for the RFC 5246 PRF, the
//   `cryptography` package to seal the records), never by wsscope: master secret 10..3f, client
//   random a0..bf, server random c0..df, one client record with sequence number 1 whose
//   plaintext is "GET /chat HTTP/1.1\r\n".

export const hex = (s: string): Uint8Array => {
  const clean = s.replace(/[^0-9a-fA-F]/g, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
};

export const RFC8448 = {
  clientHandshakeSecret: hex(
    'b3 ed db 12 6e 06 7f 35 a7 80 b3 ab f4 5e 2d 8f 3b 1a 95 07 38 f5 2e 96 00 74 6a 0e 27 a5 5a 21',
  ),
  serverHandshakeSecret: hex(
    'b6 7b 7d 69 0c c1 6c 4e 75 e5 42 13 cb 2d 37 b4 e9 c9 12 bc de d9 10 5d 42 be fd 59 d3 91 ad 38',
  ),
  serverHandshakeKey: hex('3f ce 51 60 09 c2 17 27 d0 f2 e4 e8 6e e4 03 bc'),
  serverHandshakeIv: hex('5d 31 3e b2 67 12 76 ee 13 00 0b 30'),
  clientAppSecret: hex(
    '9e 40 64 6c e7 9a 7f 9d c0 5a f8 88 9b ce 65 52 87 5a fa 0b 06 df 00 87 f7 92 eb b7 c1 75 04 a5',
  ),
  serverAppSecret: hex(
    'a1 1a f9 f0 55 31 f8 56 ad 47 11 6b 45 a9 50 32 82 04 b4 f4 4b fb 6b 3a 4b 4f 1f 3f cb 63 16 43',
  ),
  clientAppKey: hex('17 42 2d da 59 6e d5 d9 ac d8 90 e3 c6 3f 50 51'),
  clientAppIv: hex('5b 78 92 3d ee 08 57 90 33 e5 23 d9'),
  serverAppKey: hex('9f 02 28 3b 6c 9c 07 ef c2 6b b9 f2 ac 92 e3 56'),
  serverAppIv: hex('cf 78 2b 88 dd 83 54 9a ad f1 e9 84'),
  clientAppRecord: hex(`17 03 03 00 43 a2 3f 70 54 b6 2c 94 d0 af fa fe 82 28 ba 55 cb ef ac ea
    42 f9 14 aa 66 bc ab 3f 2b 98 19 a8 a5 b4 6b 39 5b d5 4a 9a 20 44 1e 2b
    62 97 4e 1f 5a 62 92 a2 97 70 14 bd 1e 3d ea e6 3a ee bb 21 69 49 15 e4`),
  serverAppRecord: hex(`17 03 03 00 43 2e 93 7e 11 ef 4a c7 40 e5 38 ad 36 00 5f c4 a4 69 32 fc
    32 25 d0 5f 82 aa 1b 36 e3 0e fa f9 7d 90 e6 df fc 60 2d cb 50 1a 59 a8
    fc c4 9c 4b f2 e5 f0 a2 1c 00 47 c2 ab f3 32 54 0d d0 32 e1 67 c2 95 5d`),
  /** 00 01 … 31, the payload of both application_data records. */
  appPayload: Uint8Array.from({ length: 50 }, (_, i) => i),
  /** HKDF-Expand-Label(client_application_traffic_secret_0, "traffic upd", "", 32), by Python `cryptography`. */
  clientAppSecret1: hex('fcdfcc72725aaee48bf64e4fd8b749cdbdbab39d90da0b26e2245ca6ea167207'),
};

export const RFC8439_AEAD = {
  key: hex('80 81 82 83 84 85 86 87 88 89 8a 8b 8c 8d 8e 8f 90 91 92 93 94 95 96 97 98 99 9a 9b 9c 9d 9e 9f'),
  nonce: hex('07 00 00 00 40 41 42 43 44 45 46 47'),
  aad: hex('50 51 52 53 c0 c1 c2 c3 c4 c5 c6 c7'),
  plaintext: new TextEncoder().encode(
    "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
  ),
  ciphertext: hex(`d3 1a 8d 34 64 8e 60 db 7b 86 af bc 53 ef 7e c2 a4 ad ed 51 29 6e 08 fe a9 e2 b5 a7 36 ee 62 d6
    3d be a4 5e 8c a9 67 12 82 fa fb 69 da 92 72 8b 1a 71 de 0a 9e 06 0b 29 05 d6 a5 b6 7e cd 3b 36
    92 dd bd 7f 2d 77 8b 8c 98 03 ae e3 28 09 1b 58 fa b3 24 e4 fa d6 75 94 55 85 80 8b 48 31 d7 bc
    3f f4 de f0 8e 4b 7a 9d e5 76 d2 65 86 ce c6 4b 61 16`),
  tag: hex('1a e1 0b 59 4f 09 e2 6a 7e 90 2e cb d0 60 06 91'),
};

export const TLS12 = {
  master: Uint8Array.from({ length: 48 }, (_, i) => 0x10 + i),
  clientRandom: Uint8Array.from({ length: 32 }, (_, i) => 0xa0 + i),
  serverRandom: Uint8Array.from({ length: 32 }, (_, i) => 0xc0 + i),
  plaintext: new TextEncoder().encode('GET /chat HTTP/1.1\r\n'),
  aes128gcm: {
    suite: 0xc02f,
    keyBlock: hex('4a08bc8ab594063708ec1fb091ee56947e9afa8907663edf9dd80c4dc2695655a3f5d9ffe8aa7b88'),
    record: hex('170303002c000102030405060726a752b4627d6af1dc93b5aa03c5328fbfa6a2c51a1acd04a1260dc0d4fc38a040876722'),
  },
  aes256gcm: {
    suite: 0xc030,
    keyBlock: hex(
      'b84529a19e6ba8495159bad77820b220884a29ae1a4ee8658130be6400e6e3a5ea0c0a76fd363ee04f2287c9d008ceed1c8428dd702d5f2c870178a055ee9f78dd839662110cccf8',
    ),
    record: hex('170303002c0001020304050607e8b2d4f0deea27b70e1fcf3485f058af26b35384e0047b1d05425fadbfe2fccfb398339e'),
  },
  chacha: {
    suite: 0xcca8,
    keyBlock: hex(
      '4a08bc8ab594063708ec1fb091ee56947e9afa8907663edf9dd80c4dc2695655a3f5d9ffe8aa7b885ba0a9c545f944089adbd762dbd4a93b4daa4a2bf306ac4b03fdecc3366ad3c8a6213cfd575f90676d4c51736fc25302',
    ),
    record: hex('1703030024a2df3949e3ea4b5b9f3b49b0a661c0a271d2bf1671a48bd1e3d9673f0fc649f79ad58e7a'),
  },
};

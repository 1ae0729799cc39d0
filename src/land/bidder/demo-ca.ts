/**
 * The demo CA (演示用 CA) and demo bidder certificates, for demo mode only: `npm run demo:ca` writes them to
 * demo-ca/ (git-ignored); in demo mode the server creates them on start when missing. Issuing is pki/issue.ts's
 * (asn1-x509 TBS, signed SM3withSM2 with the standard ID or sha256WithRSA); no openssl CLI.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createCa, issueCertificate, type IssuedCertificate, type IssuingAlgorithm } from './pki/issue';

export {
  createCa,
  issueCertificate,
  issueCrl,
  signCms,
  type CertificateOptions,
  type IssuedCertificate,
} from './pki/issue';

export const DEMO_CA_DIR = resolve('demo-ca');

export interface DemoBidderIdentity {
  key: string;
  kind: 'LEGAL_PERSON' | 'NATURAL_PERSON' | 'OTHER_ORGANIZATION';
  name: string;
  registrationNumber: string;
  /** the key and chain of its demo certificate: SM2 under the SM2 intermediate, or RSA under the RSA root */
  algorithm: IssuingAlgorithm;
}

/** Invented for the demo; no real person or company. */
export const DEMO_BIDDERS: DemoBidderIdentity[] = [
  {
    key: 'bidder-1',
    kind: 'LEGAL_PERSON',
    name: '演示置业有限公司',
    registrationNumber: '91630100DEMO00001A',
    algorithm: 'RSA',
  },
  {
    key: 'bidder-2',
    kind: 'LEGAL_PERSON',
    name: '演示建设集团有限公司',
    registrationNumber: '91630100DEMO00002B',
    algorithm: 'SM2',
  },
  {
    key: 'bidder-3',
    kind: 'NATURAL_PERSON',
    name: '演示竞买人甲',
    registrationNumber: '630102199001010000',
    algorithm: 'RSA',
  },
  {
    key: 'bidder-4',
    kind: 'NATURAL_PERSON',
    name: '演示竞买人乙',
    registrationNumber: '630102199202020000',
    algorithm: 'SM2',
  },
];

/** One place for the demo CA files; every one is written by ensureDemoCa. */
const FILES = {
  rsaRootKey: 'ca.key.pem',
  sm2Root: 'sm2-root.pem',
  sm2RootKey: 'sm2-root.key.pem',
  sm2Intermediate: 'sm2-intermediate.pem',
  sm2IntermediateKey: 'sm2-intermediate.key.pem',
};

/**
 * Reads the demo CA from `dir`, creating it and the demo bidders' certificates when missing (or from before SM2):
 * an RSA root that issues RSA bidder certificates directly, and an SM2 root → SM2 intermediate (运营 CA) → SM2
 * bidder certificates, as a provincial CA issues them. ca.pem (the TRUSTED_CA_FILE of demo mode) holds both roots;
 * an SM2 bidder's .pem is its certificate followed by the intermediate's.
 */
export function ensureDemoCa(dir: string = DEMO_CA_DIR): { caPem: string; created: boolean } {
  const caFile = join(dir, 'ca.pem');
  if (existsSync(caFile) && existsSync(join(dir, FILES.sm2Intermediate)))
    return { caPem: readFileSync(caFile, 'utf8'), created: false };
  mkdirSync(join(dir, 'bidders'), { recursive: true });
  const write = (name: string, text: string, secret = false) =>
    writeFileSync(join(dir, name), text, secret ? { mode: 0o600 } : {});
  const rsaRoot = createCa({ commonName: 'Demo Land Trading CA (演示, not for real use)' });
  write(FILES.rsaRootKey, rsaRoot.privateKeyPem, true);
  const sm2Root = createCa({
    commonName: '演示 SM2 根 CA (Demo SM2 Root CA, not for real use)',
    algorithm: 'SM2',
  });
  const sm2Intermediate = issueCertificate(sm2Root, {
    commonName: '演示 SM2 运营 CA (Demo SM2 Issuing CA)',
    organization: 'Demo CA',
    algorithm: 'SM2',
    ca: true,
    pathLen: 0,
  });
  write(FILES.sm2Root, sm2Root.certificatePem);
  write(FILES.sm2RootKey, sm2Root.privateKeyPem, true);
  write(FILES.sm2Intermediate, sm2Intermediate.certificatePem);
  write(FILES.sm2IntermediateKey, sm2Intermediate.privateKeyPem, true);
  for (const bidder of DEMO_BIDDERS) {
    const sm2 = bidder.algorithm === 'SM2';
    const issued = issueCertificate(sm2 ? sm2Intermediate : rsaRoot, {
      commonName: bidder.name,
      organization: 'Demo bidders',
      algorithm: bidder.algorithm,
    });
    const bundle = sm2 ? issued.certificatePem + sm2Intermediate.certificatePem : issued.certificatePem;
    write(join('bidders', `${bidder.key}.pem`), bundle);
    write(join('bidders', `${bidder.key}.key.pem`), issued.privateKeyPem, true);
  }
  const caPem = rsaRoot.certificatePem + sm2Root.certificatePem;
  write('ca.pem', caPem); // last: its presence means the set is complete
  return { caPem, created: true };
}

/** The demo certificate of a demo bidder (after ensureDemoCa). */
export function demoBidderCertificate(key: string, dir: string = DEMO_CA_DIR): IssuedCertificate {
  return {
    certificatePem: readFileSync(join(dir, 'bidders', `${key}.pem`), 'utf8'),
    privateKeyPem: readFileSync(join(dir, 'bidders', `${key}.key.pem`), 'utf8'),
  };
}

if (require.main === module) {
  const { created } = ensureDemoCa();
  console.log(
    created
      ? `wrote the demo CAs (RSA root; SM2 root → SM2 intermediate) and ${DEMO_BIDDERS.length} demo bidder certificates (${DEMO_BIDDERS.filter((b) => b.algorithm === 'SM2').length} SM2) to ${DEMO_CA_DIR}`
      : `${DEMO_CA_DIR} already holds a demo CA (delete the folder to make a new one)`,
  );
}

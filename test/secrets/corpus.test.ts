import { benignCorpus, CREDENTIAL_TYPES, ENCODINGS, PLACEMENTS, Rng } from './corpus';
import { detectorCatalog, scanManifest, scanText } from '../../src/compliance/secrets';
import { CredentialFinding } from '../../src/compliance/secrets/finding';
import { recordFigure } from '../conformance/harness';

// found / total, per credential type and per encoding
const byType = new Map<string, [number, number]>();
const byEncoding = new Map<string, [number, number]>();
const missed: string[] = [];
const byPlacement = new Map<string, [number, number]>();
const detectorsSeen = new Set<string>();
let benignFindings = 0;

function count(map: Map<string, [number, number]>, key: string, found: boolean): void {
  const [f, t] = map.get(key) ?? [0, 0];
  map.set(key, [f + (found ? 1 : 0), t + 1]);
}

/**
 * Whether any 8 consecutive characters of the secret past its public vendor prefix (at most 13 characters:
 * `sk-ant-api03-`, which a finding may show) show in the findings.
 */
function leaks(findings: CredentialFinding[], secret: string): boolean {
  const json = JSON.stringify(findings);
  for (let i = Math.max(0, Math.min(13, secret.length - 8)); i + 8 <= secret.length; i++) if (json.includes(secret.slice(i, i + 8))) return true;
  return false;
}

const real = (findings: CredentialFinding[]) => findings.filter(f => f.detector !== 'zt:scan-budget');

describe('corpus: credentials × encodings', () => {
  test(`at least 25 credential types and the encodings asked for (${CREDENTIAL_TYPES.length} × ${ENCODINGS.length})`, () => {
    expect(CREDENTIAL_TYPES.length).toBeGreaterThanOrEqual(25);
    expect(new Set(CREDENTIAL_TYPES.map(t => t.name)).size).toBe(CREDENTIAL_TYPES.length);
  });

  describe.each(CREDENTIAL_TYPES.map((t, ti) => [t.name, t, ti] as const))('%s', (_name, type, ti) => {
    test('in every encoding: found, and never shown', () => {
      ENCODINGS.forEach((encoding, ei) => {
        const { text, secret } = type.build(new Rng(1000 + ti * 100 + ei));
        const findings = scanText(encoding.encode(text), 'corpus');
        findings.forEach(f => detectorsSeen.add(f.detector));
        const found = real(findings).length > 0;
        count(byType, type.name, found);
        count(byEncoding, encoding.name, found);
        if (!found) missed.push(`${type.name} / ${encoding.name}`);
        const shown = leaks(findings, secret);
        expect({ type: type.name, encoding: encoding.name, shown }).toEqual({ type: type.name, encoding: encoding.name, shown: false });
      });
    });
  });

  test('every detector that found something is in the catalog', () => {
    const catalog = new Set(detectorCatalog().map(d => d.id));
    expect([...detectorsSeen].filter(d => !catalog.has(d))).toEqual([]);
  });

  test('at least 99% of direct and 95% of encoded cases are found', () => {
    const [directFound, directTotal] = byEncoding.get('direct')!;
    let encodedFound = 0;
    let encodedTotal = 0;
    for (const [name, [f, t]] of byEncoding) {
      if (name === 'direct') continue;
      encodedFound += f;
      encodedTotal += t;
    }
    expect(directFound / directTotal).toBeGreaterThanOrEqual(0.99);
    expect(encodedFound / encodedTotal).toBeGreaterThanOrEqual(0.95);
    recordFigure('credential scanner corpus', `direct ${directFound}/${directTotal}, encoded ${encodedFound}/${encodedTotal} (${CREDENTIAL_TYPES.length} types × ${ENCODINGS.length} encodings)`);
  });
});

describe('corpus: benign look-alikes', () => {
  const benign = benignCorpus();

  test('at least 40 of them', () => {
    expect(benign.length).toBeGreaterThanOrEqual(40);
  });

  test.each(benign.map(b => [b.name, b.text]))('%s: no finding', (_name, text) => {
    const findings = scanText(text, 'benign');
    benignFindings += findings.length;
    expect(findings).toEqual([]);
  });

  test.each(benign.map(b => [b.name, b.text]))('%s: no finding in any placement', (_name, text) => {
    for (const p of PLACEMENTS) expect(scanManifest(p.place(text))).toEqual([]);
  });
});

describe('corpus: placements in manifests', () => {
  test.each(PLACEMENTS.map(p => [p.name, p]))('%s: every credential type is found', (_name, placement) => {
    CREDENTIAL_TYPES.forEach((type, ti) => {
      const { text, secret } = type.build(new Rng(5000 + ti));
      const findings = scanManifest(placement.place(text));
      count(byPlacement, placement.name, real(findings).length > 0);
      const found = real(findings).length > 0;
      expect({ type: type.name, found, shown: leaks(findings, secret) }).toEqual({ type: type.name, found: true, shown: false });
    });
  });
});

afterAll(() => {
  const table = (title: string, map: Map<string, [number, number]>) => {
    const width = Math.max(...[...map.keys()].map(k => k.length));
    return [title, ...[...map].map(([k, [f, t]]) => `  ${k.padEnd(width)}  ${String(f).padStart(3)}/${t}`)].join('\n');
  };
  const lines = [
    table('Credential scanner corpus, found/total per credential type:', byType),
    table('per encoding:', byEncoding),
    table('per placement in a manifest (scanManifest):', byPlacement),
    `benign look-alikes: ${benignCorpus().length}, findings: ${benignFindings}`,
    `missed: ${missed.length === 0 ? 'none' : missed.join('; ')}`,
  ];
  // eslint-disable-next-line no-console
  console.log(lines.join('\n'));
  recordFigure('credential scanner benign look-alikes', `${benignCorpus().length} texts × (text + ${PLACEMENTS.length} placements), ${benignFindings} findings`);
});

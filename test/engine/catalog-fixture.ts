/**
 * A small stand-in for the real error catalog (written in parallel in
 * rules/catalog/): every seed and supplementary code with a recognisable
 * title, and a resolution with a command for a few of them.
 */
import type { Catalog, CatalogEntry } from '../../src/catalog/catalog.js';

export const SEED_CODES = [
  '0xC004C001', '0xC004C003', '0xC004C008', '0xC004C020', '0xC004C021', '0xC004F009', '0xC004F00F', '0xC004F014',
  '0xC004F02C', '0xC004F035', '0xC004F038', '0xC004F039', '0xC004F041', '0xC004F042', '0xC004F050', '0xC004F051',
  '0xC004F064', '0xC004F065', '0xC004F06C', '0xC004F074', '0xC004F075', '0xC004F304', '0xC004F305', '0xC004F306',
  '0xC004F307', '0xC004F308', '0xC004F309', '0xC004F30A', '0xC004F30B', '0x8007007B', '0x80070005', '0x8007232B',
  '0x8007251D', '0x80092328', '0x80072EE2', '0xC004E003',
];

export const SUPPLEMENTARY_CODES = [
  '0x80072EE7', '0x8007139F', '0xC0020017', '0x80072338', '0xC004F056', '0xC004F034', '0xC004F200', '0xC004D307', '0x800706BA',
];

const COMMANDS: Record<string, string> = {
  '0xC004F074': 'nslookup -type=srv _vlmcs._tcp',
  '0xC004F038': 'cscript slmgr.vbs /dlv',
  '0xC004F06C': 'w32tm /resync',
  '0x80070005': 'cscript slmgr.vbs /ato',
};

function entry(code: string, coverage: 'seed' | 'supplementary'): CatalogEntry {
  const command = COMMANDS[code];
  return {
    code,
    message: `Catalog message for ${code}.`,
    title: `Catalog title ${code}`,
    appliesTo: ['kms-client'],
    coverage,
    causes: [`Catalog cause for ${code}.`],
    resolution: [{ step: `First step for ${code}.` }, ...(command ? [{ step: `Run the command for ${code}.`, command }] : [])],
    related: [],
    sources: ['test fixture'],
  };
}

export function fixtureCatalog(): Catalog {
  return new Map([
    ...SEED_CODES.map((code) => [code, entry(code, 'seed')] as const),
    ...SUPPLEMENTARY_CODES.map((code) => [code, entry(code, 'supplementary')] as const),
  ]);
}

import { describe, expect, it } from 'vitest';
import { CATALOG_NOTES, catalogJson, INITIALIZERS, listInitializers } from '../../src/init/index.ts';
import { INIT_IDS } from '../../src/params/index.ts';

const FAN_MODES = ['fan_in', 'fan_avg', 'none'];
const DISTRIBUTIONS = ['normal', 'uniform', 'orthogonal', 'constant', 'data-dependent'];
const OPTION_NAMES = ['gain', 'truncated', 'std', 'limit', 'value'];

describe('catalog', () => {
  it('has one entry per INIT_ID, in INIT_IDS order', () => {
    expect(Object.keys(INITIALIZERS).sort()).toEqual([...INIT_IDS].sort());
    expect(listInitializers().map((s) => s.id)).toEqual([...INIT_IDS]);
  });

  it.each(INIT_IDS)('%s: every field is filled in', (id) => {
    const s = INITIALIZERS[id];
    expect(s.id).toBe(id);
    expect(s.name.length).toBeGreaterThan(2);
    expect(s.summary.length).toBeGreaterThan(20);
    expect(s.summary).not.toContain('\n');
    expect(s.formula.length).toBeGreaterThan(5);
    expect(FAN_MODES).toContain(s.fanMode);
    expect(DISTRIBUTIONS).toContain(s.distribution);
    expect(['number', 'string']).toContain(typeof s.defaultGain);
    for (const o of s.options) expect(OPTION_NAMES).toContain(o);
    expect(s.reference.authors.length).toBeGreaterThan(3);
    expect(s.reference.title.length).toBeGreaterThan(5);
    expect(s.reference.year).toBeGreaterThanOrEqual(1980);
    expect(s.reference.year).toBeLessThanOrEqual(2025);
    expect(s.reference.url).toMatch(/^https:\/\//);
    for (const lib of ['tfjs', 'keras', 'pytorch', 'jax'] as const) expect(s.code[lib].length).toBeGreaterThan(10);
    expect(s.code.tfjs).toMatch(/^tf\.initializers\./);
    expect(s.code.keras).toMatch(/^keras\.initializers\./);
    expect(s.code.pytorch).toMatch(/nn\.init\.\w+_\(w/);
    expect(s.code.jax).toMatch(/jax\.(nn\.initializers|random)\./);
    expect(typeof s.scale).toBe('function');
    if (s.base) expect(INIT_IDS).toContain(s.base);
  });

  it('cites the papers the contract names', () => {
    expect(INITIALIZERS.glorot_uniform.reference.year).toBe(2010);
    expect(INITIALIZERS.he_normal.reference.authors).toContain('Kaiming He');
    expect(INITIALIZERS.orthogonal.reference.authors).toContain('Saxe');
    expect(INITIALIZERS.lsuv.reference.authors).toContain('Mishkin');
    expect(INITIALIZERS.fixup.reference.year).toBe(2019);
  });

  it('fan modes and distributions follow the formulas', () => {
    expect(INITIALIZERS.glorot_normal.fanMode).toBe('fan_avg');
    expect(INITIALIZERS.he_uniform.fanMode).toBe('fan_in');
    expect(INITIALIZERS.pytorch_default.distribution).toBe('uniform');
    expect(INITIALIZERS.orthogonal.distribution).toBe('orthogonal');
    expect(INITIALIZERS.lsuv.distribution).toBe('data-dependent');
    expect(INITIALIZERS.lsuv.base).toBe('orthogonal');
    expect(INITIALIZERS.fixup.base).toBe('he_normal');
    expect(INITIALIZERS.he_normal.defaultGain).toBe(Math.SQRT2);
  });

  it('the truncated option is offered exactly by the normal-distributed ids', () => {
    for (const s of listInitializers()) expect(s.options.includes('truncated')).toBe(s.distribution === 'normal');
  });

  it('notes the TF.js built-in variant for glorot/he/lecun normal, and only there', () => {
    for (const s of listInitializers()) {
      const expected = ['glorot_normal', 'he_normal', 'lecun_normal'].includes(s.id);
      expect(s.tfjsBuiltinNote !== undefined).toBe(expected);
      if (expected) {
        expect(s.tfjsBuiltinNote).toContain('8594');
        expect(s.tfjsBuiltinNote).toContain('0.87962566103423978');
      }
    }
  });

  it('formulas are LaTeX with the fan symbols where the scale depends on them', () => {
    for (const s of listInitializers()) {
      if (s.fanMode === 'fan_in') expect(s.formula).toContain('n_\\text{in}');
      if (s.fanMode === 'fan_avg') expect(s.formula).toMatch(/n_\\text\{in\}\+n_\\text\{out\}/);
    }
    expect(INITIALIZERS.glorot_uniform.formula).toContain('\\sqrt{6/(n_\\text{in}+n_\\text{out})}');
  });

  it('says that the gelu gain is a choice of this project', () => {
    expect(CATALOG_NOTES.gelu).toMatch(/gelu/);
    expect(CATALOG_NOTES.gelu).toMatch(/√2/);
  });
});

describe('catalogJson', () => {
  it('round-trips through JSON and has no functions', () => {
    const json = catalogJson();
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    for (const entry of json) {
      expect(entry).not.toHaveProperty('scale');
      for (const v of Object.values(entry)) expect(typeof v).not.toBe('function');
    }
    expect(json.map((e) => e.id)).toEqual([...INIT_IDS]);
  });

  it('is a copy: changing it leaves the catalog alone', () => {
    const json = catalogJson();
    json[0].reference.title = 'changed';
    expect(INITIALIZERS[json[0].id].reference.title).not.toBe('changed');
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, isAbsolute } from 'node:path';
import { loadConfig, parseConfig, ConfigError, MAX_CONFIG_BYTES } from '../../src/config/load';

describe('config', () => {
  it('has every default without a file', () => {
    const c = parseConfig({});
    expect(c.homeNetworks).toContain('192.168.0.0/16');
    expect(c.capture.payloadBytes).toBeGreaterThan(0);
    expect(c.score.mediumAt).toBeLessThan(c.score.highAt);
    expect(c.indicators.poolDomains.every(isAbsolute)).toBe(true);
  });

  it('rejects unknown keys and bad values, listing every issue with its path', () => {
    let error: ConfigError | undefined;
    try {
      parseConfig({ capture: { payloadBytes: -1, bogus: 1 }, homeNetworks: ['10.0.0.0/33'], extra: true });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const paths = error!.issues.map((i) => i.split(':')[0]);
    expect(paths).toEqual(expect.arrayContaining(['capture.payloadBytes', 'capture', 'homeNetworks.0', '(top level)']));
    expect(error!.message).toContain('bogus');
  });

  it('reads a JSON file, resolves its paths against it, and lets the environment override', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rigsweep-config-'));
    const file = join(dir, 'rigsweep.json');
    writeFileSync(file, JSON.stringify({ owners: 'owners.csv', indicators: { poolDomains: ['my-domains.csv'] }, score: { mediumAt: 50 } }));
    const c = loadConfig(file, { RIGSWEEP_HOME_NETWORKS: '10.20.0.0/16, 2001:db8::/32' });
    expect(c.owners).toBe(join(dir, 'owners.csv'));
    expect(c.indicators.poolDomains).toEqual([join(dir, 'my-domains.csv')]);
    expect(c.score.mediumAt).toBe(50);
    expect(c.homeNetworks).toEqual(['10.20.0.0/16', '2001:db8::/32']);
  });

  it('says which file is unreadable or not JSON', () => {
    expect(() => loadConfig('/nonexistent/rigsweep.json', {})).toThrow(/cannot read config \/nonexistent/);
    const dir = mkdtempSync(join(tmpdir(), 'rigsweep-config-'));
    writeFileSync(join(dir, 'bad.json'), '{ nope');
    expect(() => loadConfig(join(dir, 'bad.json'), {})).toThrow(/not valid JSON/);
  });

  it('takes Redis URL and prefix from the environment over the file, keeping the other queue settings of the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rigsweep-config-'));
    const file = join(dir, 'rigsweep.json');
    writeFileSync(file, JSON.stringify({ queue: { redisUrl: 'redis://file:6379', prefix: 'file', concurrency: 3 } }));
    const c = loadConfig(file, { REDIS_URL: 'rediss://:secret@redis.example:6380/2', RIGSWEEP_PREFIX: 'carrier-a' });
    expect(c.queue).toMatchObject({ redisUrl: 'rediss://:secret@redis.example:6380/2', prefix: 'carrier-a', concurrency: 3 });
    expect(loadConfig(file, {}).queue).toMatchObject({ redisUrl: 'redis://file:6379', prefix: 'file' });
  });

  it('refuses a prefix that would break the Cluster hash tag, and a URL that is not Redis', () => {
    expect(() => parseConfig({ queue: { prefix: 'a}b' } })).toThrow(/queue.prefix/);
    expect(() => parseConfig({ queue: { redisUrl: 'http://x' } })).toThrow(/queue.redisUrl/);
  });

  describe('a file that is not a config', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rigsweep-config-'));
    const failure = (file: string) => {
      try {
        loadConfig(file, {});
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
      }
      throw new Error(`${file} was taken for a config`);
    };

    it('says where the JSON breaks, line and column, without quoting the file', () => {
      const passwd = join(dir, 'passwd');
      writeFileSync(passwd, 'root:x:0:0:root:/root:/bin/bash\n');
      expect(failure(passwd)).toBe(`config ${passwd} is not valid JSON: line 1, column 1: unexpected "r"`);
      const typo = join(dir, 'typo.json');
      writeFileSync(typo, '{\n  "homeNetworks": ["10.0.0.0/8"],\n  "score": { "mediumAt": 40 "highAt": 75 }\n}\n');
      expect(failure(typo)).toMatch(/^config \S+typo\.json is not valid JSON: line 3, column 29: expected , or \} in the object$/);
    });

    it('bounds the size: past 1 MiB it is the wrong file, read no further', () => {
      const big = join(dir, 'big.json');
      writeFileSync(big, `{"pad": "${'x'.repeat(MAX_CONFIG_BYTES)}"}`);
      expect(failure(big)).toBe(`config ${big} is larger than 1 MiB: is it the right file?`);
      // A device never ends: the bound stops the read.
      expect(failure('/dev/zero')).toBe('config /dev/zero is larger than 1 MiB: is it the right file?');
    });

    it('wants an object at the top level, and names a directory as one', () => {
      for (const [name, text] of [['null.json', 'null'], ['list.json', '[1, 2]'], ['string.json', '"homeNetworks"']]) {
        writeFileSync(join(dir, name), text);
        expect(failure(join(dir, name))).toMatch(/the top level must be a JSON object/);
      }
      expect(failure(dir)).toBe(`cannot read config ${dir}: it is a directory`);
    });

    it('reads a __proto__ key as a key, which the strict schema then refuses', () => {
      const proto = join(dir, 'proto.json');
      writeFileSync(proto, '{"__proto__": {"homeNetworks": ["0.0.0.0/0"]}}');
      expect(failure(proto)).toMatch(/__proto__/);
      expect(({} as Record<string, unknown>).homeNetworks).toBeUndefined();
    });
  });
});

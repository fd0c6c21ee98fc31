import { describe, expect, it } from '@jest/globals';
import { lookupField, lookupStatus } from '../../../src/parsers/slmgr/labels.js';
import {
  channelFromDescription,
  installDateFromPid,
  isFailureCode,
  isRedacted,
  parseHostPort,
  parseHresult,
  parseMinutesDays,
  parseOsppGrace,
  parseRegionalDate,
} from '../../../src/parsers/slmgr/values.js';

describe('parseRegionalDate (local wall-clock time reported as UTC)', () => {
  it.each([
    ['3/18/2026 12:34:20 PM', '2026-03-18T12:34:20.000Z'],
    ['7/16/2021 4:48:33 AM', '2021-07-16T04:48:33.000Z'],
    ['12/13/2025 12:05:00 AM', '2025-12-13T00:05:00.000Z'],
    ['20/03/2026 12:44:15', '2026-03-20T12:44:15.000Z'],
    ['2020/2/27 11:48:43', '2020-02-27T11:48:43.000Z'],
    ['20.03.2026 8:05:11', '2026-03-20T08:05:11.000Z'],
    ['2026/3/20 下午 02:44:15', '2026-03-20T14:44:15.000Z'],
    ['2026/3/20 上午 12:10:00', '2026-03-20T00:10:00.000Z'],
    ['2026-03-20 12:44:15', '2026-03-20T12:44:15.000Z'],
  ])('%s → %s', (text, iso) => {
    expect(parseRegionalDate(text).iso).toBe(iso);
  });

  it('leaves day/month-ambiguous dates unread unless the key install date decides', () => {
    expect(parseRegionalDate('05/03/2026 09:15:02')).toEqual({ iso: null, isDate: true });
    // AM/PM does not decide either: en-AU writes d/MM/yyyy h:mm:ss tt.
    expect(parseRegionalDate('1/12/2025 12:05:00 AM').iso).toBeNull();
    // Installed on day 100 of 2026 (10 April): 5 March is impossible, 3 May is not.
    const installed = installDateFromPid('03612-03307-000-000000-03-2057-19041.0000-1002026');
    expect(installed?.toISOString()).toBe('2026-04-10T00:00:00.000Z');
    expect(parseRegionalDate('05/03/2026 09:15:02', installed).iso).toBe('2026-05-03T09:15:02.000Z');
    expect(parseRegionalDate('03/05/2026 09:15:02', installed).iso).toBe('2026-05-03T09:15:02.000Z');
  });

  it('rejects what is not a date or not a valid one', () => {
    expect(parseRegionalDate('not a date').isDate).toBe(false);
    expect(parseRegionalDate('2/30/2026 10:00:00 AM').iso).toBeNull();
    expect(parseRegionalDate('1/2/26 10:00').iso).toBeNull();
  });
});

describe('value shapes', () => {
  it('reads minutes from `N unit (D unit)` in several languages and with the minutes redacted', () => {
    expect(parseMinutesDays('259197 minute(s) (180 day(s))')).toEqual({ matched: true, minutes: 259197 });
    expect(parseMinutesDays('259197 分钟(180天)')).toEqual({ matched: true, minutes: 259197 });
    expect(parseMinutesDays('43200 мин. (30 дн.)')).toEqual({ matched: true, minutes: 43200 });
    expect(parseMinutesDays('259123 Minute(n) (180 Tag(e))')).toEqual({ matched: true, minutes: 259123 });
    expect(parseMinutesDays(' minute(s) (180 day(s))')).toEqual({ matched: true, minutes: null });
    expect(parseMinutesDays('120 minutes').matched).toBe(false);
    expect(parseOsppGrace('180 days  (259200 minute(s) before expiring)')).toBe(259200);
  });

  it('normalises HRESULTs and tells failures from informational codes', () => {
    expect(parseHresult('0xc004f074 text')).toBe('0xC004F074');
    expect(parseHresult('0x5 short')).toBe('0x00000005');
    expect(parseHresult('none')).toBeNull();
    expect(isFailureCode('0xC004F074')).toBe(true);
    expect(isFailureCode('0x4004F040')).toBe(false);
  });

  it('recognises redactions and leaves real values alone', () => {
    for (const masked of ['XXXXX', '*****', '*-*-*-*-*', '*-*-*-*-*-*-*.*-*', '<redacted>', '<redacted by user>', '[redacted]', 'XX/XX/XXXX XX:XX:XX']) {
      expect(isRedacted(masked)).toBe(true);
    }
    for (const real of ['3V66T', 'J462D', '2de67392-b7a7-462a-b1ca-108dd189f588', 'Volume:GVLK', '-', '']) {
      expect(isRedacted(real)).toBe(false);
    }
  });

  it('reads the channel from a description, fixing a retyped hyphen', () => {
    expect(channelFromDescription('Windows(R) Operating System, VOLUME_KMSCLIENT channel')).toBe('VOLUME_KMSCLIENT');
    expect(channelFromDescription('Windows(R) Operating System, VOLUME-KMSCLIENT channel ')).toBe('VOLUME_KMSCLIENT');
    expect(channelFromDescription('Windows Operating System - Windows(R) 7, TIMEBASED_EVAL channel')).toBe('TIMEBASED_EVAL');
    expect(channelFromDescription('Office 16, RETAIL(Grace) channel')).toBe('RETAIL(Grace)');
    expect(channelFromDescription('Windows 11 Enterprise image')).toBeNull();
  });

  it('splits host:port, including IPv6 and a redacted host', () => {
    expect(parseHostPort('kms.contoso.com:1688')).toEqual({ host: 'kms.contoso.com', port: 1688 });
    expect(parseHostPort('[fe80::1]:1688')).toEqual({ host: 'fe80::1', port: 1688 });
    expect(parseHostPort('<redacted>:1688')).toEqual({ host: null, port: 1688 });
  });
});

describe('labels', () => {
  it('ignore case, spacing and full-width colons', () => {
    expect(lookupField('LICENSE STATUS')).toBe('licenseStatus');
    expect(lookupField('扩展PID：')).toBe('extendedPid');
    expect(lookupField('Clé de produit partielle ')).toBe('partialKey');
  });

  it('read status words without confusing Unlicensed with Licensed', () => {
    expect(lookupStatus('Unlicensed')).toBe('unlicensed');
    expect(lookupStatus('Licensed')).toBe('licensed');
    expect(lookupStatus('Nicht lizenziert')).toBe('unlicensed');
    expect(lookupStatus('Non-genuine grace period.')).toBe('nongenuine-grace');
    expect(lookupStatus('Additional grace period (KMS license expired or hardware out of tolerance)')).toBe('oot-grace');
    expect(lookupStatus('已授权')).toBe('licensed');
    expect(lookupStatus('whatever')).toBeNull();
  });
});

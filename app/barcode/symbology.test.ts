import { describe, expect, it } from 'vitest';
import { stripSymbologyId } from './index';

describe('stripSymbologyId', () => {
  it.each([
    [']E04006381333931', ']E0', 'EAN-13 / UPC-A / UPC-E', false],
    [']E495012346', ']E4', 'EAN-8', false],
    [']E112', ']E1', 'EAN/UPC two-digit add-on', false],
    [']E212345', ']E2', 'EAN/UPC five-digit add-on', false],
    [']C10109501101530003', ']C1', 'GS1-128', true],
    [']e00109501101530003', ']e0', 'GS1 DataBar', true],
    [']d20109501101530003', ']d2', 'GS1 DataMatrix', true],
    [']Q30109501101530003', ']Q3', 'GS1 QR Code', true],
    [']J10109501101530003', ']J1', 'GS1 DotCode', true],
    [']A0ABC-123', ']A0', 'Code 39', false],
    [']C0ABC123', ']C0', 'Code 128', false],
    [']d1hello', ']d1', 'Data Matrix', false],
    [']Q1https://example.com', ']Q1', 'QR Code', false],
    [']I012345678901231', ']I0', 'ITF (Interleaved 2 of 5)', false],
  ])('%s is %s', (scan, aim, name, gs1) => {
    const { symbology, data } = stripSymbologyId(scan);
    expect(symbology).toEqual({ aim, name, gs1 });
    expect(data).toBe(scan.slice(3));
  });

  it('names an unlisted modifier by its family and never calls it GS1', () => {
    expect(stripSymbologyId(']L2data').symbology).toEqual({
      aim: ']L2',
      name: 'PDF417',
      gs1: false,
    });
    expect(stripSymbologyId(']X9data').symbology).toEqual({
      aim: ']X9',
      name: 'AIM ]X9',
      gs1: false,
    });
  });

  it('leaves text without an AIM id alone', () => {
    expect(stripSymbologyId('4006381333931')).toEqual({
      symbology: undefined,
      data: '4006381333931',
    });
    expect(stripSymbologyId(']E')).toEqual({ symbology: undefined, data: ']E' });
    expect(stripSymbologyId('] E0123')).toEqual({ symbology: undefined, data: '] E0123' });
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { currencyDigits, formatCurrency, isKnownCurrency, thousandthsToDecimal } from '../../src/templates/index.ts';

/** Independent reference: round amount_1000 half away from zero to `digits` with BigInt only. */
function expectedDigits(amount1000: bigint, digits: number): { negative: boolean; integer: string; fraction: string } {
  const negative = amount1000 < 0n;
  const abs = negative ? -amount1000 : amount1000;
  const scale = 10n ** BigInt(3 - digits);
  const rounded = (abs + scale / 2n) / scale; // in units of 10^-digits
  const unit = 10n ** BigInt(digits);
  const integer = (rounded / unit).toString();
  const fraction = digits ? (rounded % unit).toString().padStart(digits, '0') : '';
  return { negative: negative && rounded !== 0n, integer, fraction };
}

function parsedEnUs(text: string): { negative: boolean; integer: string; fraction: string } {
  const negative = text.includes('-');
  const [integer = '', fraction = ''] = text.replace(/[^\d.]/g, '').split('.');
  return { negative, integer, fraction };
}

describe('currency', () => {
  it('exact decimals from amount_1000', () => {
    assert.equal(thousandthsToDecimal(230990n), '230.990');
    assert.equal(thousandthsToDecimal(-5n), '-0.005');
    assert.equal(thousandthsToDecimal(0n), '0.000');
    assert.equal(thousandthsToDecimal(9007199254740991n), '9007199254740.991');
  });

  it("seed 003's example (docs/protocol.md §8) and known answers for 0, 2 and 3 minor digits", () => {
    assert.equal(formatCurrency('en_US', 'USD', 230990), '$230.99');
    assert.equal(formatCurrency('en_US', 'JPY', 1500), '¥2');
    assert.equal(formatCurrency('en_US', 'JPY', 1499), '¥1');
    assert.equal(formatCurrency('en_US', 'KWD', 1234567), 'KWD\u00a01,234.567');
    assert.equal(formatCurrency('de', 'EUR', 1234567), '1.234,57\u00a0€');
    // Persian writes the amount first: "۱۲۵٬۰۰۰٬۰۰۰ ریال".
    // A no-break space before the symbol; a negative amount's minus keeps its left-to-right mark.
    assert.equal(formatCurrency('fa', 'USD', 230990), '۲۳۰٫۹۹\u00a0$');
    assert.equal(formatCurrency('fa', 'IRR', 125_000_000_000), '۱۲۵٬۰۰۰٬۰۰۰\u00a0ریال');
    assert.equal(formatCurrency('fa', 'GBP', -79_500), '\u200e−۷۹٫۵۰\u00a0£');
    assert.equal(formatCurrency('ar', 'USD', 230990), '\u200f٢٣٠٫٩٩\u00a0US$');
  });

  it('no floating-point drift: a half cent on a large amount rounds up, where amount_1000 / 1000 rounds down', () => {
    const viaFloat = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(
      8950166771485985 / 1000,
    );
    assert.equal(viaFloat, '$8,950,166,771,485.98');
    assert.equal(formatCurrency('en_US', 'USD', 8950166771485985), '$8,950,166,771,485.99');
    assert.equal(formatCurrency('en_US', 'USD', 1005), '$1.01');
    assert.equal(formatCurrency('en_US', 'USD', Number.MAX_SAFE_INTEGER), '$9,007,199,254,740.99');
  });

  it('zero and negatives are legal; a negative that rounds to zero has no minus', () => {
    assert.equal(formatCurrency('en_US', 'USD', 0), '$0.00');
    assert.equal(formatCurrency('en_US', 'USD', -230990), '-$230.99');
    assert.equal(formatCurrency('en_US', 'USD', -4), '$0.00');
    assert.equal(formatCurrency('en_US', 'JPY', -500), '-¥1');
  });

  it('unknown codes and non-integer amounts fall back (undefined)', () => {
    assert.equal(isKnownCurrency('XYZ'), false);
    assert.equal(isKnownCurrency('usd'), false);
    assert.equal(formatCurrency('en_US', 'XYZ', 1000), undefined);
    assert.equal(formatCurrency('en_US', 'USD', 1.5), undefined);
    assert.equal(formatCurrency('en_US', 'USD', '1000'), undefined);
    assert.equal(formatCurrency('en_US', 'USD', 2 ** 60), undefined);
  });

  it('property: every safe amount in JPY, USD, KWD matches BigInt rounding to the currency digits', () => {
    assert.deepEqual(['JPY', 'USD', 'KWD'].map(currencyDigits), [0, 2, 3]);
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.constantFrom('JPY', 'USD', 'KWD', 'EUR', 'BHD'), (amount, code) => {
        const text = formatCurrency('en_US', code, amount);
        assert.ok(text !== undefined);
        assert.deepEqual(parsedEnUs(text), expectedDigits(BigInt(amount), currencyDigits(code)));
      }),
      { numRuns: 2000 },
    );
  });
});

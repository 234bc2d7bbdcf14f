import assert from 'node:assert/strict';
import { setBundle, t } from '../../webview-ui/src/l10n';

describe("l10n: the webview's t()", () => {
  afterEach(() => setBundle(undefined));

  it('without a bundle (English) returns the key, with {n} replaced by the arguments', () => {
    assert.equal(t('Send'), 'Send');
    assert.equal(t('{0} of {1}', 3, 12), '3 of 12');
    assert.equal(t('Close {0}', 'Chat 2'), 'Close Chat 2');
  });

  it('uses the translation when the bundle has one, and the key when it does not', () => {
    setBundle({ 'Close {0}': '{0} schließen', '{0} of {1}': '{1} の {0}' });
    assert.equal(t('Close {0}', 'Chat 2'), 'Chat 2 schließen');
    assert.equal(t('{0} of {1}', 3, 12), '12 の 3', 'placeholders may change order');
    assert.equal(t('Send'), 'Send', 'a missing translation falls back to the English key');
    setBundle(undefined);
    assert.equal(t('Close {0}', 'x'), 'Close x');
  });

  it('leaves a placeholder without an argument as it is, and inserts arguments literally', () => {
    assert.equal(t('{0} and {1}', 'a'), 'a and {1}');
    assert.equal(t('{0}', '$& $1 {1}', 'second'), '$& $1 {1}', 'replacement patterns and braces in an argument are plain text');
    assert.equal(t('{0}{0}', 7), '77');
    assert.equal(t('no {placeholder}', 1), 'no {placeholder}');
  });

  it('looks keys up as own properties only', () => {
    setBundle({});
    assert.equal(t('constructor'), 'constructor');
    assert.equal(t('toString'), 'toString');
    assert.equal(t('__proto__'), '__proto__');
  });
});

import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/flow/replies.js';
import { mailSubject, renderMail } from '../../src/mail/render-mail.js';

const question: Reply = {
  type: 'question',
  id: 'field.duns',
  step: { id: 'registrant', number: 4, total: 9, title: '登録者情報' },
  text: 'DUNSナンバーを教えてください。9桁の数字です。',
  input: 'text',
};

describe('rendering replies as a mail', () => {
  it('puts the reference and a title that never changes in the subject', () => {
    expect(mailSubject('A1B2C3', [{ type: 'text', text: 'OK' }, question], 'ja')).toBe(
      '[EV SSL A1B2C3] EV SSL証明書の申請',
    );
    expect(mailSubject('A1B2C3', [], 'ja')).toBe('[EV SSL A1B2C3] EV SSL証明書の申請');
    expect(mailSubject(undefined, [], 'en')).toBe('[EV SSL] EV SSL application');
  });

  it('writes a plain-text part and an escaped HTML part, with the reply hint', () => {
    const { text, html } = renderMail([{ type: 'text', text: '<b>&' }, question], 'ja', [
      '添付を受け取りました。',
    ]);
    expect(text).toContain('【4/9】登録者情報');
    expect(text.startsWith('添付を受け取りました。')).toBe(true);
    expect(text).toContain('-- \nこのメールにそのまま返信してください。');
    expect(html).toContain('&#60;b&#62;&#38;');
    expect(html).toContain('<h3>【4/9】登録者情報</h3>');
  });

  it('names refused form fields by their labels', () => {
    const { text, html } = renderMail(
      [{ type: 'form-errors', errors: { duns: '9桁で入力してください' } }],
      'ja',
    );
    expect(text).toContain('DUNSナンバー: 9桁で入力してください');
    expect(html).toContain('DUNSナンバー: 9桁で入力してください');
  });
});

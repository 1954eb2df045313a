import { describe, expect, it } from 'vitest';
import { errorMessage, fieldLabel, reasonText } from './errors.ts';

// Before: the UI showed the server's developer text ("newPassword: Too small…", "plan 999 not
// found", "must be MM-DD") to people reading Chinese.
describe('server errors in the reader language', () => {
  it('names fields by their label and says the reason in Chinese', () => {
    const e = { code: 'validation_failed', message: 'body.newPassword: Too small: expected string to have >=10 characters', fields: [{ field: 'body.newPassword', reason: 'Too small: expected string to have >=10 characters' }] };
    expect(errorMessage('zh-CN', e)).toBe('填写有误：新密码：至少 10 个字符');
    expect(errorMessage('en-US', e)).toBe('Please check: new password: must have at least 10 characters');
    expect(errorMessage('zh-CN', { code: 'validation_failed', message: 'x', fields: [{ field: 'data.due', reason: 'must be MM-DD' }] })).toBe('填写有误：截止日期：格式应为“月-日”，如 04-08');
    expect(fieldLabel('zh-CN', 'body.values.2.value')).toBe('数值（第 3 项）');
    expect(fieldLabel('zh-CN', '数据!G12')).toBe('单元格 数据!G12');
    expect(fieldLabel('zh-CN', 'row 3.name')).toBe('第 3 行 名称');
    expect(reasonText('zh-CN', 'Invalid input: expected string, received undefined')).toBe('必填');
    expect(reasonText('zh-CN', 'some developer reason')).toBe('取值不正确');
    expect(reasonText('en-US', 'some developer reason')).toBe('some developer reason');
  });

  it('reads not-found messages and bilingual server messages without paths or codes', () => {
    expect(errorMessage('zh-CN', { code: 'not_found', message: 'plan 999 not found' })).toBe('未找到方案（编号 999），可能已被删除');
    expect(errorMessage('en-US', { code: 'not_found', message: 'plan 999 not found' })).toBe('plan 999 was not found; it may have been deleted');
    const pw = { code: 'forbidden', message: '请先修改初始密码 / change your password first (POST /api/auth/password)' };
    expect(errorMessage('zh-CN', pw)).toBe('请先修改初始密码');
    expect(errorMessage('en-US', pw)).toBe('change your password first');
    expect(errorMessage('zh-CN', { code: 'conflict', message: 'item 4 was changed by someone else (version 3, yours 2)' })).toBe('数据已被他人修改，请刷新后重试');
    expect(errorMessage('zh-CN', { code: 'internal', message: 'internal error', requestId: 'r-1' })).toBe('系统出错，请稍后重试（编号 r-1）');
    for (const msg of ['plan 999 not found', 'body.x: Required']) expect(errorMessage('zh-CN', { code: 'bad_request', message: msg })).not.toMatch(/[a-z]{3,}/);
  });
});

import { describe, expect, it } from 'vitest';
import { shortcutFor } from './keyboard';

const body = { tagName: 'BODY' };

describe('shortcutFor', () => {
  it('maps space, s, r and p on the page to play/pause, step, reset and presentation mode', () => {
    expect(shortcutFor({ key: ' ', target: body })).toBe('togglePlay');
    expect(shortcutFor({ key: 's', target: body })).toBe('step');
    expect(shortcutFor({ key: 'R', target: body })).toBe('reset');
    expect(shortcutFor({ key: 'p', target: null })).toBe('togglePresentation');
    expect(shortcutFor({ key: 'x', target: body })).toBeNull();
  });

  it('leaves keys typed into text fields and selects alone', () => {
    expect(shortcutFor({ key: 's', target: { tagName: 'INPUT', type: 'number' } })).toBeNull();
    expect(shortcutFor({ key: ' ', target: { tagName: 'INPUT', type: 'text' } })).toBeNull();
    expect(shortcutFor({ key: 'r', target: { tagName: 'SELECT' } })).toBeNull();
    expect(shortcutFor({ key: 'p', target: { tagName: 'DIV', isContentEditable: true } })).toBeNull();
  });

  it('lets space activate a focused button or slider itself, but letters still work there', () => {
    expect(shortcutFor({ key: ' ', target: { tagName: 'BUTTON' } })).toBeNull();
    expect(shortcutFor({ key: ' ', target: { tagName: 'INPUT', type: 'range' } })).toBeNull();
    expect(shortcutFor({ key: 's', target: { tagName: 'BUTTON' } })).toBe('step');
    expect(shortcutFor({ key: 'r', target: { tagName: 'INPUT', type: 'range' } })).toBe('reset');
  });

  it('ignores modified keys and auto-repeat, except held s which keeps stepping', () => {
    expect(shortcutFor({ key: 'r', ctrlKey: true, target: body })).toBeNull();
    expect(shortcutFor({ key: 's', metaKey: true, target: body })).toBeNull();
    expect(shortcutFor({ key: ' ', repeat: true, target: body })).toBeNull();
    expect(shortcutFor({ key: 'p', repeat: true, target: body })).toBeNull();
    expect(shortcutFor({ key: 's', repeat: true, target: body })).toBe('step');
  });
});

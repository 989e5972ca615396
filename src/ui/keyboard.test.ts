import { describe, expect, it } from 'vitest';
import { shortcutFor } from './keyboard';
import { nextNotch } from './controls/scales';

const body = { tagName: 'BODY' };

describe('shortcutFor', () => {
  it('maps space, s, r, p, Esc and ? on the page', () => {
    expect(shortcutFor({ key: ' ', target: body })).toBe('togglePlay');
    expect(shortcutFor({ key: 's', target: body })).toBe('step');
    expect(shortcutFor({ key: 'R', target: body })).toBe('reset');
    expect(shortcutFor({ key: 'p', target: null })).toBe('togglePresentation');
    expect(shortcutFor({ key: 'Escape', target: body })).toBe('escape');
    expect(shortcutFor({ key: '?', target: body })).toBe('toggleHelp');
    expect(shortcutFor({ key: 'x', target: body })).toBeNull();
  });

  it('maps 1, 2 and 3 to the views and [ ] and the left/right arrows to notches', () => {
    expect(shortcutFor({ key: '1', target: body })).toEqual({ view: 'f' });
    expect(shortcutFor({ key: '2', target: body })).toEqual({ view: 'certificate' });
    expect(shortcutFor({ key: '3', target: { tagName: 'BUTTON' } })).toEqual({ view: 'gradient' });
    expect(shortcutFor({ key: ']', target: body })).toBe('nudgeUp');
    expect(shortcutFor({ key: '[', target: body })).toBe('nudgeDown');
    expect(shortcutFor({ key: 'ArrowRight', target: body })).toBe('nudgeUp');
    expect(shortcutFor({ key: 'ArrowLeft', target: { tagName: 'BUTTON' } })).toBe('nudgeDown');
    // Up and down keep scrolling the page.
    expect(shortcutFor({ key: 'ArrowUp', target: body })).toBeNull();
  });

  it('leaves arrows to controls that use them, but [ ] still work there', () => {
    expect(shortcutFor({ key: 'ArrowLeft', target: { tagName: 'INPUT', type: 'range' } })).toBeNull();
    expect(shortcutFor({ key: 'ArrowRight', target: { tagName: 'INPUT', type: 'radio' } })).toBeNull();
    expect(shortcutFor({ key: 'ArrowRight', target: { tagName: 'DIV', role: 'slider' } })).toBeNull();
    expect(shortcutFor({ key: ']', target: { tagName: 'INPUT', type: 'range' } })).toBe('nudgeUp');
  });

  it('d toggles the drawing tools; Ctrl+Z or Cmd+Z undoes a drawing edit, except in a text field', () => {
    expect(shortcutFor({ key: 'd', target: body })).toBe('toggleDrawing');
    expect(shortcutFor({ key: 'z', ctrlKey: true, target: body })).toBe('undoDrawing');
    expect(shortcutFor({ key: 'z', metaKey: true, target: { tagName: 'BUTTON' } })).toBe('undoDrawing');
    expect(shortcutFor({ key: 'z', target: body })).toBeNull();
    expect(shortcutFor({ key: 'z', ctrlKey: true, altKey: true, target: body })).toBeNull();
    expect(shortcutFor({ key: 'z', ctrlKey: true, target: { tagName: 'INPUT', type: 'text' } })).toBeNull();
    expect(shortcutFor({ key: 'd', target: { tagName: 'INPUT', type: 'number' } })).toBeNull();
  });

  it('leaves keys typed into text fields and selects alone', () => {
    expect(shortcutFor({ key: 's', target: { tagName: 'INPUT', type: 'number' } })).toBeNull();
    expect(shortcutFor({ key: ' ', target: { tagName: 'INPUT', type: 'text' } })).toBeNull();
    expect(shortcutFor({ key: 'r', target: { tagName: 'SELECT' } })).toBeNull();
    expect(shortcutFor({ key: 'Escape', target: { tagName: 'SELECT' } })).toBeNull();
    expect(shortcutFor({ key: '1', target: { tagName: 'TEXTAREA' } })).toBeNull();
    expect(shortcutFor({ key: 'p', target: { tagName: 'DIV', isContentEditable: true } })).toBeNull();
  });

  it('plays on space after a click on a button, checkbox or slider; keyboard focus keeps space for the control', () => {
    const button = { tagName: 'BUTTON' };
    const checkbox = { tagName: 'INPUT', type: 'checkbox' };
    expect(shortcutFor({ key: ' ', target: button, focusFromPointer: true })).toBe('togglePlay');
    expect(shortcutFor({ key: ' ', target: checkbox, focusFromPointer: true })).toBe('togglePlay');
    expect(shortcutFor({ key: ' ', target: button, focusFromPointer: false })).toBeNull();
    expect(shortcutFor({ key: ' ', target: checkbox })).toBeNull();
    // A slider does nothing with space: play, however it was focused.
    expect(shortcutFor({ key: ' ', target: { tagName: 'INPUT', type: 'range' } })).toBe('togglePlay');
    expect(shortcutFor({ key: 's', target: button })).toBe('step');
  });

  it('ignores modified keys and auto-repeat, except held s and notch keys, which keep going', () => {
    expect(shortcutFor({ key: 'r', ctrlKey: true, target: body })).toBeNull();
    expect(shortcutFor({ key: 's', metaKey: true, target: body })).toBeNull();
    expect(shortcutFor({ key: ']', altKey: true, target: body })).toBeNull();
    expect(shortcutFor({ key: ' ', repeat: true, target: body })).toBeNull();
    expect(shortcutFor({ key: 'p', repeat: true, target: body })).toBeNull();
    expect(shortcutFor({ key: '2', repeat: true, target: body })).toBeNull();
    expect(shortcutFor({ key: 's', repeat: true, target: body })).toBe('step');
    expect(shortcutFor({ key: ']', repeat: true, target: body })).toBe('nudgeUp');
  });
});

describe('nextNotch', () => {
  const tau = { min: 0.01, max: 1000 };
  const alpha = { min: 0.01, max: 1000, allowZero: true };

  it('walks the 1-2-5 ladder up and down from any value', () => {
    expect(nextNotch(10, 1, tau)).toBe(20);
    expect(nextNotch(10, -1, tau)).toBe(5);
    expect(nextNotch(0.5, -1, tau)).toBe(0.2);
    expect(nextNotch(0.29, 1, tau)).toBe(0.5);
    expect(nextNotch(0.29, -1, tau)).toBe(0.2);
    expect(nextNotch(7, 1, tau)).toBe(10);
  });

  it('stays at the ends, and steps through 0 when the scale allows it', () => {
    expect(nextNotch(1000, 1, tau)).toBe(1000);
    expect(nextNotch(0.01, -1, tau)).toBe(0.01);
    expect(nextNotch(0.01, -1, alpha)).toBe(0);
    expect(nextNotch(0, 1, alpha)).toBe(0.01);
    expect(nextNotch(0, -1, alpha)).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { LESSON } from '../../src/ui/lesson-text.ts';
import { pickLang } from '../../src/state/lang.ts';
import { LESSON_STEPS, PANELS } from '../../src/state/config.ts';

describe('lesson texts', () => {
  it('six steps in their order, each with panels that exist and text in both languages', () => {
    expect(LESSON.map((s) => s.title.en)).toEqual(['Model', 'Baseline', 'Search', 'FC 3σ', 'Fine-tune', 'Compare']);
    expect(LESSON).toHaveLength(LESSON_STEPS);
    const panels = PANELS.map((p) => p.key as string);
    for (const s of LESSON) {
      expect(s.panels.length).toBeGreaterThan(0);
      for (const p of s.panels) expect(panels).toContain(p);
      for (const lang of ['en', 'zh'] as const) {
        expect(s.title[lang].length).toBeGreaterThan(1);
        expect(s.body[lang].length).toBeGreaterThan(60);
      }
      // The Chinese text is Chinese (CJK characters), not a copy of the English.
      expect(s.body.zh).toMatch(/[\u4e00-\u9fff]{10}/);
      expect(s.body.zh).not.toBe(s.body.en);
    }
  });

  it('language: the link\'s choice, else the browser\'s first en/zh language, else English', () => {
    expect(pickLang('en', ['zh-CN'])).toBe('en');
    expect(pickLang('', ['zh-CN', 'en'])).toBe('zh');
    expect(pickLang('', ['zh-TW'])).toBe('zh');
    expect(pickLang('', ['fr-FR', 'en-US', 'zh'])).toBe('en');
    expect(pickLang('', ['de'])).toBe('en');
    expect(pickLang('', [])).toBe('en');
  });
});

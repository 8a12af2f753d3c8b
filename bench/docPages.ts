// The docs pages the bench and the eval write their tables into (docs/benchmarks.md, docs/eval.md), typed for bench/.
// @ts-ignore -- plain JS shared with scripts/package.mjs.
import * as docSectionJs from '../scripts/docSection.mjs';

type SectionName = 'eval' | 'bench' | 'firsttoken' | 'package';

const js = docSectionJs as unknown as {
  DOC_PAGES: Record<SectionName, string>;
  docPage(name: SectionName): string;
  replaceDocSection(file: string, name: SectionName, body: string): boolean;
};

/** Each generated table's page, relative to the repository root. */
export const DOC_PAGES = js.DOC_PAGES;
/** The page that holds the section, as an absolute path. */
export const docPage = js.docPage;
/** Replaces the section between NAME's markers; throws, naming page and markers, when they are gone. */
export const replaceDocSection = js.replaceDocSection;

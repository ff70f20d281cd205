// The office screens' strings, one pair of files per feature (Vietnamese first, English typed against it), combined
// here and spread into the one catalogue (vi.ts, en.ts): their keys are message keys like any other.
import { adminEn } from './admin.en.ts';
import { adminVi } from './admin.vi.ts';
import { agencyEn } from './agency.en.ts';
import { agencyVi } from './agency.vi.ts';
import { authEn } from './auth.en.ts';
import { authVi } from './auth.vi.ts';
import { historyEn } from './history.en.ts';
import { historyVi } from './history.vi.ts';
import { homeEn } from './home.en.ts';
import { homeVi } from './home.vi.ts';
import { scheduleEn } from './schedule.en.ts';
import { scheduleVi } from './schedule.vi.ts';
import { shellEn } from './shell.en.ts';
import { shellVi } from './shell.vi.ts';

/** Per feature, for the test that no two features define the same key. */
export const officeParts = {
  shell: { vi: shellVi, en: shellEn },
  auth: { vi: authVi, en: authEn },
  home: { vi: homeVi, en: homeEn },
  schedule: { vi: scheduleVi, en: scheduleEn },
  admin: { vi: adminVi, en: adminEn },
  history: { vi: historyVi, en: historyEn },
  agency: { vi: agencyVi, en: agencyEn },
};

export const officeVi = {
  ...shellVi,
  ...authVi,
  ...homeVi,
  ...scheduleVi,
  ...adminVi,
  ...historyVi,
  ...agencyVi,
};

export const officeEn: Record<keyof typeof officeVi, string> = {
  ...shellEn,
  ...authEn,
  ...homeEn,
  ...scheduleEn,
  ...adminEn,
  ...historyEn,
  ...agencyEn,
};

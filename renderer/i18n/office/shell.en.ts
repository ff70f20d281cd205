// English strings shared by the office screens, typed against the Vietnamese keys.
import type { shellVi } from './shell.vi.ts';

export const shellEn: Record<keyof typeof shellVi, string> = {
  'nav.label': 'Main navigation',
  'nav.home': 'My meetings',
  'nav.history': 'History',
  'nav.search': 'Search',
  'nav.admin': 'Administration',
  'nav.schedule': 'Schedule',
  'nav.signOut': 'Sign out',

  'office.loading': 'Loading…',
  'office.loadFailed': 'Could not load the data',
  'office.retry': 'Try again',
  'office.saved': 'Saved.',
  'office.notFound': 'This page does not exist.',
  'office.noPermission': 'You do not have access to this.',
  'office.backHome': 'Back to my meetings',
  'office.wait.seconds': '{n} seconds',
  'office.wait.minutes': '{n} minutes',

  'office.error.unauthorized': 'Your session has ended. Please sign in again.',
  'office.error.not_found': 'The meeting or the data asked for was not found.',
  'office.error.invalid_message': 'Some of the data is not valid; please check it.',
  'office.error.rate_limited': 'Too many attempts; please try again in a few minutes.',

  'office.agencyRole.admin': 'Administrator',
  'office.agencyRole.secretary': 'Secretary',
  'office.agencyRole.member': 'Member',

  'office.kind.hop': 'Meeting',
  'office.kind.giao_ban': 'Briefing',
  'office.kind.hoi_nghi': 'Conference',

  'office.state.scheduled': 'Scheduled',
  'office.state.due': 'Due to start',
  'office.state.live': 'In progress',
  'office.state.ended': 'Ended',
  'office.state.cancelled': 'Cancelled',

  'office.minutes.none': 'No minutes yet',
  'office.minutes.draft': 'Minutes in draft',
  'office.minutes.review': 'Minutes in review',
  'office.minutes.final': 'Minutes finalised',
  'office.minutes.signed': 'Minutes signed',
  'office.minutes.filed': 'Minutes filed',
};

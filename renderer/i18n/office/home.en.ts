// English strings of the home page, typed against the Vietnamese keys.
import type { homeVi } from './home.vi.ts';

export const homeEn: Record<keyof typeof homeVi, string> = {
  'home.title': 'My meetings',
  'home.greeting': 'Hello, {name}',
  'home.upcoming': 'Today and upcoming',
  'home.past': 'Past',
  'home.allHistory': 'See the whole history',
  'home.emptyUpcoming': 'No upcoming meetings.',
  'home.emptyPast': 'No past meetings yet.',
  'home.join': 'Join',
  'home.edit': 'Edit',
  'home.record': 'View record',
  'home.ics': 'Add to calendar (.ics)',
  'home.asPoint': 'at {point}',
  'home.present': '{count} in the room',
  'home.agencySigning': "Minutes awaiting the agency's signature",
  'home.agencySigningHint':
    "Signed by the secretary and the chair; the văn thư signs with the agency's certificate and seal before filing.",
  'home.agencySign': 'Open the record to sign',
};

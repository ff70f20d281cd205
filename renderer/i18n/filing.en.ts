// English strings of a filed record's follow-ups and its filing history, typed against filing.vi.ts.
import type { filingVi } from './filing.vi.ts';

export const filingEn: Record<keyof typeof filingVi, string> = {
  'filing.history': 'Packages sent',
  'filing.package.new': 'First filing',
  'filing.package.resend': 'Filed again',
  'filing.package.update': 'Update',
  'filing.package.replace': 'Replacement',
  'filing.package.recall': 'Recall',
  'filing.package.waiting': 'waiting to be sent',
  'filing.package.failed': 'not sent: {error}',
  'filing.state.updatePending': 'Sending the update',
  'filing.state.updated': 'Update sent',
  'filing.state.recallPending': 'Sending the recall',
  'filing.state.recalled': 'Recalled',
  'filing.action.update': 'Update',
  'filing.action.recall': 'Recall',
  'filing.updateTitle': 'Send an update of the minutes',
  'filing.updateHint': 'The signed minutes and their current attachments are sent again, naming the original.',
  'filing.kind.update': 'Update the document sent',
  'filing.kind.replace': 'Replace the document sent',
  'filing.reason': 'Reason',
  'filing.reasonOptional': 'Reason (optional)',
  'filing.recallTitle': 'Recall the filed minutes',
  'filing.recallHint': 'The receivers are asked to withdraw the document; a recalled record takes no further update.',
  'filing.send': 'Send',
  'filing.cancel': 'Cancel',
};

// Which tabs of the side panel a role gets, and how the panel starts: the chair and secretary run the meeting from
// it (open on the status board); delegates and guests open it for the queue and chat when they want.
import { can } from '../../../common/permissions.ts';
import type { MeetingRole } from '../../../common/roles.ts';

export const PANEL_TABS = ['status', 'queue', 'controls', 'votes', 'chat'] as const;
export type PanelTab = (typeof PANEL_TABS)[number];

export function panelTabs(role: MeetingRole | null): PanelTab[] {
  if (role === null) return ['chat'];
  return PANEL_TABS.filter((tab) => {
    switch (tab) {
      case 'status':
        return can(role, 'board.view');
      case 'controls':
        return can(role, 'agenda.control') || can(role, 'mic.mute');
      case 'votes':
        return can(role, 'vote.manage') || can(role, 'board.view');
      case 'queue':
      case 'chat':
        return true;
    }
  });
}

export interface PanelState {
  open: boolean;
  tab: PanelTab;
}

export function initialPanel(role: MeetingRole | null): PanelState {
  const hosts = role !== null && can(role, 'board.view');
  return { open: hosts, tab: hosts ? 'status' : 'chat' };
}

/** A control-bar button for a tab: opens the panel on it, or closes the panel when it already shows it. */
export function togglePanel(panel: PanelState, tab: PanelTab): PanelState {
  return panel.open && panel.tab === tab ? { ...panel, open: false } : { open: true, tab };
}

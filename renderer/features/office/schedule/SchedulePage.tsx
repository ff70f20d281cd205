// Scheduling (/meetings/new) and editing (/meetings/<id>/edit) a meeting: the form, its save (POST or PUT), then
// the agenda documents chosen before the save. When every file is in, the person goes back to their meetings;
// a refused file keeps them here with the reason beside its item (the meeting itself is saved).
import { useCallback, useState } from 'react';
import type { Directory, MeetingDetail } from '../../../../common/office.ts';
import { Link, hrefFor, navigate } from '../../../app/router.tsx';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { api, meetingPath, type ApiError } from '../api.ts';
import { useSession } from '../session.tsx';
import { ErrorText, LoadFailed, Loading, Notice, PageHeading } from '../ui.tsx';
import { toApiError, useResource } from '../useResource.ts';
import { AgendaEditor, type UploadState } from './AgendaEditor.tsx';
import { CancelMeeting } from './CancelMeeting.tsx';
import { GuestLink } from './GuestLink.tsx';
import {
  draftAfterSave,
  draftFromDetail,
  emptyDraft,
  hasProblems,
  toMeetingForm,
  validate,
  withDocument,
  type AgendaDraft,
  type FormDraft,
  type FormProblems,
} from './formState.ts';
import { GeneralFields } from './GeneralFields.tsx';
import { ParticipantsFields } from './ParticipantsFields.tsx';
import { looksLikePdf, uploadAgendaDocument, uploadProblem } from './uploads.ts';
import './schedule.css';

const NO_PROBLEMS: FormProblems = { fields: {}, agenda: {} };

function ScheduleForm({
  initial,
  directory,
  meeting,
}: {
  initial: FormDraft;
  directory: Directory;
  meeting: MeetingDetail | null;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(initial);
  const [savedId, setSavedId] = useState(meeting?.id ?? null);
  const [tried, setTried] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [uploads, setUploads] = useState<Record<string, UploadState>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const problems = tried ? validate(draft) : NO_PROBLEMS;

  const setUpload = (key: string, state: UploadState | null) =>
    setUploads((all) => {
      const { [key]: _old, ...rest } = all;
      return state ? { ...rest, [key]: state } : rest;
    });

  const send = async (meetingId: string, item: AgendaDraft, file: File): Promise<boolean> => {
    setUpload(item.key, { status: 'uploading', name: file.name });
    try {
      const document = await uploadAgendaDocument(meetingId, item.id ?? item.key, file);
      setDraft((current) => withDocument(current, item.key, document));
      setUpload(item.key, null);
      return true;
    } catch (caught) {
      setUpload(item.key, { status: 'failed', name: file.name, problem: uploadProblem(toApiError(caught)) });
      // A refused file is not sent again with the next save; the person picks another.
      setDraft((current) => ({
        ...current,
        agenda: current.agenda.map((old) => (old.key === item.key ? { ...old, pendingFile: null } : old)),
      }));
      return false;
    }
  };

  const onFile = (item: AgendaDraft, file: File) => {
    setNotice(null);
    if (!looksLikePdf(file)) {
      setUpload(item.key, {
        status: 'failed',
        name: file.name,
        problem: { key: 'schedule.pdf.not_a_pdf', params: {}, detail: null },
      });
      return;
    }
    setUpload(item.key, null);
    if (savedId !== null && item.id !== undefined) void send(savedId, item, file);
    else
      setDraft((current) => ({
        ...current,
        agenda: current.agenda.map((old) => (old.key === item.key ? { ...old, pendingFile: file } : old)),
      }));
  };

  const save = async () => {
    setTried(true);
    setNotice(null);
    if (saving) return;
    if (hasProblems(validate(draft))) {
      // The first field marked invalid gets the focus (after React has marked it).
      requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setSaving(true);
    setError(null);
    let detail: MeetingDetail;
    try {
      const form = toMeetingForm(draft);
      detail =
        savedId === null
          ? await api.post<MeetingDetail>('/api/meetings', form)
          : await api.put<MeetingDetail>(meetingPath(savedId), form);
    } catch (caught) {
      setError(toApiError(caught));
      setSaving(false);
      return;
    }
    setSavedId(detail.id);
    const next = draftAfterSave(detail, draft);
    setDraft(next);
    setUploads({});
    let allSent = true;
    for (const item of next.agenda) {
      if (item.pendingFile) allSent = (await send(detail.id, item, item.pendingFile)) && allSent;
    }
    setSaving(false);
    if (allSent) navigate(hrefFor({ name: 'home' }));
    else setNotice(t('schedule.savedWithProblems'));
  };

  return (
    <form
      className="schedule-form"
      data-testid="schedule-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <div className="schedule-columns">
        <div className="schedule-main">
          <GeneralFields draft={draft} problems={problems.fields} onChange={setDraft} />
          <AgendaEditor
            draft={draft}
            problems={problems.agenda}
            uploads={uploads}
            meetingSaved={savedId !== null}
            onChange={(agenda) => setDraft((current) => ({ ...current, agenda }))}
            onFile={onFile}
          />
        </div>
        <div className="schedule-side">
          <ParticipantsFields draft={draft} directory={directory} problems={problems.fields} onChange={setDraft} />
        </div>
      </div>
      <div className="form-actions">
        <div className="form-actions-inner">
          {error && <ErrorText error={error} testId="schedule-error" />}
          {notice && <Notice testId="schedule-notice">{notice}</Notice>}
          {tried && hasProblems(problems) && !error && (
            <p className="field-error" role="alert">
              {t('schedule.err.form')}
            </p>
          )}
          <span className="form-actions-spacer" />
          {meeting && meeting.state === 'scheduled' && <GuestLink meetingId={meeting.id} endsAt={meeting.endsAt} />}
          {meeting && meeting.state === 'scheduled' && <CancelMeeting meetingId={meeting.id} />}
          <Link to={hrefFor({ name: 'home' })} className="btn btn-secondary">
            {t('schedule.back')}
          </Link>
          <button type="submit" className="btn btn-primary" data-testid="schedule-save" disabled={saving}>
            {saving && <span className="spinner spinner--small spinner--light" aria-hidden="true" />}
            {saving ? t('schedule.saving') : t('schedule.save')}
          </button>
        </div>
      </div>
    </form>
  );
}

export function SchedulePage({ meetingId }: { meetingId: string | null }) {
  const { t } = useI18n();
  const { info } = useSession();
  const directory = useResource<Directory>('/api/directory');
  const detail = useResource<MeetingDetail>(meetingId === null ? null : meetingPath(meetingId));
  const [now] = useState(() => new Date());
  const retry = useCallback(() => {
    directory.reload();
    detail.reload();
  }, [directory, detail]);

  const title = meetingId === null ? t('schedule.newTitle') : t('schedule.editTitle');
  const failed =
    directory.state.status === 'failed'
      ? directory.state.error
      : detail.state.status === 'failed'
        ? detail.state.error
        : null;

  let body;
  if (failed) body = <LoadFailed error={failed} onRetry={retry} />;
  else if (directory.state.status !== 'ready' || (meetingId !== null && detail.state.status !== 'ready'))
    body = <Loading />;
  else if (meetingId === null)
    body = (
      <ScheduleForm
        initial={emptyDraft(now, info.user, t('schedule.defaultPlace'), directory.state.data.accounts)}
        directory={directory.state.data}
        meeting={null}
      />
    );
  else {
    const meeting = detail.state.data;
    if (meeting === null) body = <Loading />;
    else if (!meeting.canManage || meeting.state !== 'scheduled')
      body = (
        <section className="office-status">
          <p className="office-status-title">
            {meeting.canManage ? t('schedule.notEditable') : t('office.noPermission')}
          </p>
          <Link to={hrefFor({ name: 'record', id: meeting.id })} className="btn btn-secondary">
            {t('home.record')}
          </Link>
        </section>
      );
    else body = <ScheduleForm initial={draftFromDetail(meeting)} directory={directory.state.data} meeting={meeting} />;
  }

  return (
    <div className="office-page office-page--wide" data-testid="schedule-page">
      <PageHeading eyebrow={meetingId === null ? t('nav.schedule') : (detail.state.data?.title ?? '')} title={title} />
      {body}
    </div>
  );
}

"""Writes of the research app: export jobs (their state machine and run) and publications."""

import logging
import os
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditAction, User
from accounts.services import audit_record
from cigem.permissions import user_has_role
from cigem.queue import send_task, send_task_on_commit
from research.datasets import all_filters, get_dataset
from research.exporting import ExportCancelled, ExportPlan, FilterError, clean_filters, write_export
from research.models import ExportFormat, ExportJob, ExportStatus, Publication
from research.storage import private_storage

logger = logging.getLogger(__name__)

# The moves an export may make; anything else is refused.
EXPORT_MOVES = {
    ExportStatus.QUEUED: {ExportStatus.RUNNING, ExportStatus.CANCELLED, ExportStatus.FAILED},
    ExportStatus.RUNNING: {ExportStatus.DONE, ExportStatus.FAILED, ExportStatus.CANCELLED},
    ExportStatus.DONE: {ExportStatus.EXPIRED},
    ExportStatus.FAILED: set(),
    ExportStatus.CANCELLED: set(),
    ExportStatus.EXPIRED: set(),
}


class ExportStateError(Exception):
    """A move the export's state machine does not allow (message translated)."""


def export_job_move(*, job: ExportJob, to: str, **fields) -> bool:
    """Move a job to `to` if its current state allows it, atomically (conditional UPDATE).

    Returns False when another process moved it first (two workers, or a cancel during a run),
    and raises ExportStateError for a move that is never allowed from the state it was read in.
    """
    allowed_from = [state for state, targets in EXPORT_MOVES.items() if to in targets]
    if job.status not in allowed_from:
        raise ExportStateError(
            _("An export that is %(status)s cannot become %(to)s.")
            % {"status": job.get_status_display(), "to": ExportStatus(to).label}
        )
    changed = ExportJob.objects.filter(pk=job.pk, status__in=allowed_from).update(
        status=to, **fields
    )
    if changed:
        job.status = to
        for name, value in fields.items():
            setattr(job, name, value)
    return bool(changed)


def export_allowed(*, user: User, dataset_key: str, anonymised: bool) -> bool:
    dataset = get_dataset(dataset_key)
    if dataset is None:
        return False
    roles = dataset.anonymised_roles if anonymised else dataset.identified_roles
    return user_has_role(user, *roles)


def export_request(
    *, user: User, dataset: str, format: str, filters: dict | None, anonymised: bool, request=None
) -> ExportJob:
    """Check the request, create the job and queue its task once the transaction commits.

    Raises ValidationError (field → message) for bad input and PermissionDenied when the person
    may not have this export (identified exports are for managers only).
    """
    declared = get_dataset(dataset)
    if declared is None:
        raise ValidationError({"dataset": _("Unknown data set.")})
    if format not in ExportFormat.values:
        raise ValidationError({"format": _("Choose CSV or XLSX.")})
    if not export_allowed(user=user, dataset_key=dataset, anonymised=anonymised):
        raise PermissionDenied(
            _("Only managers may export identified data; ask for an anonymised export.")
            if not anonymised
            else _("You may not export this data set.")
        )
    try:
        cleaned = clean_filters(filters or {}, declared.filters, set(all_filters()))
    except FilterError as exc:
        raise ValidationError({"filters": str(exc)}) from None
    with transaction.atomic():
        job = ExportJob.objects.create(
            dataset=dataset,
            format=format,
            filters=cleaned,
            anonymised=anonymised,
            requested_by=user,
        )
        from research.tasks import export_run_task

        # With the broker down the job stays queued and exports_sweep sends it again.
        send_task_on_commit(export_run_task, str(job.pk))
    return job


def export_plan(job: ExportJob) -> ExportPlan:
    from research.exporting import apply_filters

    dataset = get_dataset(job.dataset)
    if dataset is None:
        raise ValueError(_("This data set no longer exists."))
    queryset = apply_filters(dataset.queryset(), job.filters, dataset.filters)
    columns = dataset.columns(anonymised=job.anonymised, today=timezone.localdate())
    return ExportPlan(
        queryset=queryset,
        columns=columns,
        quasi_identifiers=dataset.quasi_identifiers if job.anonymised else (),
        person=dataset.person,
    )


def _export_summary(job: ExportJob) -> str:
    filters = ", ".join(f"{k}={v}" for k, v in sorted(job.filters.items())) or "-"
    return (
        f"dataset={job.dataset} format={job.format} "
        f"anonymised={'yes' if job.anonymised else 'no'} rows={job.rows} "
        f"suppressed={job.suppressed_rows} filters: {filters}"
    )


def export_run(*, job_id) -> ExportJob | None:
    """Produce the file of a queued job. Safe to run twice: only the run that claims it works."""
    job = ExportJob.objects.filter(pk=job_id).first()
    if job is None or job.status != ExportStatus.QUEUED:
        return job
    if not export_job_move(job=job, to=ExportStatus.RUNNING, started_at=timezone.now()):
        return job  # claimed by another worker, or cancelled meanwhile

    def progress(done: int, total: int) -> bool:
        percent = min(99, done * 100 // total) if total else 99
        # One UPDATE both saves progress and tells whether the job is still wanted.
        return bool(
            ExportJob.objects.filter(pk=job.pk, status=ExportStatus.RUNNING).update(
                progress=percent, rows=done
            )
        )

    name = f"exports/{job.pk}.{job.format}"
    path = private_storage().path(name)
    try:
        rows, suppressed = write_export(export_plan(job), job.format, path, progress)
    except ExportCancelled:
        return job
    except Exception as exc:  # any failure is reported on the job, then logged
        logger.exception("export %s failed", job.pk)
        reason = str(exc) if isinstance(exc, ValueError) else _("Internal error while exporting.")
        export_job_move(
            job=job, to=ExportStatus.FAILED, failure_reason=reason[:300], finished_at=timezone.now()
        )
        return job
    now = timezone.now()
    finished = export_job_move(
        job=job,
        to=ExportStatus.DONE,
        file=name,
        progress=100,
        rows=rows,
        suppressed_rows=suppressed,
        finished_at=now,
        expires_at=now + timedelta(hours=settings.RESEARCH_EXPORT_TTL_HOURS),
    )
    if not finished:  # cancelled in the last instant: nobody will fetch the file
        _remove_file(name)
        return job
    audit_record(
        actor=job.requested_by,
        action=AuditAction.EXPORT,
        target=job,
        summary=_export_summary(job),
    )
    return job


def _remove_file(name: str) -> None:
    if name and private_storage().exists(name):
        private_storage().delete(name)


def export_cancel(*, job: ExportJob, user: User, request=None) -> ExportJob:
    """Stop a queued or running job. The running task notices at its next progress update."""
    if not export_job_move(job=job, to=ExportStatus.CANCELLED, finished_at=timezone.now()):
        raise ExportStateError(_("This export has already finished."))
    partial = private_storage().path(f"exports/{job.pk}.{job.format}")
    if os.path.exists(partial):
        os.remove(partial)
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        target=job,
        summary=f"export cancelled dataset={job.dataset}",
        request=request,
    )
    return job


def export_downloaded(*, job: ExportJob, user: User, request=None) -> None:
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        target=job,
        summary=f"export downloaded dataset={job.dataset} rows={job.rows}",
        request=request,
    )


def exports_expire(*, now=None) -> int:
    """Expire finished jobs past their date and remove their files. Returns how many."""
    now = now or timezone.now()
    count = 0
    for job in ExportJob.objects.filter(status=ExportStatus.DONE, expires_at__lte=now).iterator():
        name = job.file.name
        if export_job_move(job=job, to=ExportStatus.EXPIRED, file=""):
            _remove_file(name)
            count += 1
    return count


def exports_sweep(*, now=None) -> tuple[int, int]:
    """Re-send jobs still queued after a minute (the broker was down), and fail jobs whose
    worker died mid-run (running longer than the task time limit). Returns (re-sent, failed).
    """
    from research.tasks import export_run_task

    now = now or timezone.now()
    resent = 0
    stale_queued = ExportJob.objects.filter(
        status=ExportStatus.QUEUED, created_at__lte=now - timedelta(minutes=1)
    ).values_list("pk", flat=True)
    for pk in stale_queued[:500]:
        resent += send_task(export_run_task, str(pk))
    limit = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    failed = 0
    for job in ExportJob.objects.filter(status=ExportStatus.RUNNING, started_at__lte=now - limit):
        failed += export_job_move(
            job=job,
            to=ExportStatus.FAILED,
            failure_reason=_("The export was interrupted; ask for it again."),
            finished_at=now,
        )
    return resent, failed


# --- Publications -----------------------------------------------------------------------------


@transaction.atomic
def publication_save(*, form, user: User, request=None, creating: bool = False) -> Publication:
    """Save a publication from its validated form; replace the old file if a new one came."""
    publication: Publication = form.save(commit=False)
    old_name = None
    if not creating and "file" in form.changed_data:
        old_name = Publication.objects.filter(pk=publication.pk).values_list("file", flat=True)[0]
    upload = form.cleaned_data.get("file")
    if upload and hasattr(upload, "size"):
        publication.file_size = upload.size
    elif not upload:
        publication.file_size = 0
    if creating:
        publication.created_by = user
    publication.save()
    form.save_m2m()
    if old_name and old_name != publication.file.name:
        transaction.on_commit(lambda: _remove_file(old_name))
    audit_record(
        actor=user,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        target=publication,
        summary="publication added" if creating else "publication changed",
        request=request,
    )
    return publication


@transaction.atomic
def publication_delete(*, publication: Publication, user: User, request=None) -> None:
    name = publication.file.name
    audit_record(
        actor=user, action=AuditAction.DELETE, target=publication, summary="publication deleted"
    )
    publication.delete()
    if name:
        transaction.on_commit(lambda: _remove_file(name))

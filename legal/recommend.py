"""The guided questionnaire: which pathways fit a person's answers, and why (plain rules)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from legal.forms import EDUCATION, EDUCATION_RANK
from legal.models import Category, Goal, Pathway

GOAL_CATEGORIES = {
    Goal.WORK: {Category.SEASONAL, Category.SALARIED, Category.TALENT, Category.REGIONAL},
    Goal.STUDY: {Category.STUDENT, Category.RESEARCHER},
    Goal.FAMILY: {Category.FAMILY},
    Goal.VISIT: {Category.VISIT, Category.REGIONAL},
}


def category_reason(category: str) -> str:
    return {
        Category.SEASONAL: _(
            "Seasonal work needs no diploma; you work a few months for an employer who "
            "recruits you before you leave, then you come home."
        ),
        Category.SALARIED: _("You need a job offer from an employer in that country first."),
        Category.TALENT: _(
            "This permit is for graduates with a well-paid job offer or a recognised talent."
        ),
        Category.REGIONAL: _(
            "As a Malian you may travel in the region without a visa; check the changes since "
            "Mali left ECOWAS."
        ),
        Category.STUDENT: _(
            "You need an admission from a school or university, and enough money to live there."
        ),
        Category.RESEARCHER: _("You need a hosting agreement with a research body."),
        Category.FAMILY: _(
            "A family member who lives there legally applies for you; it is the safest way to "
            "join them."
        ),
        Category.VISIT: _("A short stay: you may not work, and you must leave on time."),
    }.get(category, "")


@dataclass
class Recommendation:
    pathway: Pathway
    fits: bool
    reasons: list[str] = field(default_factory=list)
    score: int = 0


def recommend(
    *, pathways: list[Pathway], goal: str, education: str, occupation: str
) -> list[Recommendation]:
    """Pathways of the goal, those the person qualifies for first, each with its reasons."""
    wanted = GOAL_CATEGORIES.get(Goal(goal), set())
    rank = EDUCATION_RANK.get(education, 0)
    labels = dict(EDUCATION)
    out = []
    for pathway in pathways:
        if pathway.category not in wanted:
            continue
        rec = Recommendation(
            pathway=pathway, fits=True, reasons=[category_reason(pathway.category)]
        )
        needed = pathway.min_education
        if needed and rank < EDUCATION_RANK.get(needed, 0):
            rec.fits = False
            rec.reasons.append(_("It asks for at least: %(level)s.") % {"level": labels[needed]})
        elif needed:
            rec.score += 1
            rec.reasons.append(_("Your diploma meets what it asks."))
        sectors = {s.strip() for s in pathway.sectors.split(",") if s.strip()}
        if occupation in sectors:
            rec.score += 2
            rec.reasons.append(_("It recruits in your field."))
        out.append(rec)
    out.sort(key=lambda r: (not r.fits, -r.score))
    return out

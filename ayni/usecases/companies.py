"""Companies (tenants) and who belongs to them with which role."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text
from sqlalchemy.exc import IntegrityError

from ayni.core import audit, rut
from ayni.core.messages import UserError

# Industries group companies for the anonymous benchmarks; keys are stored, labels shown.
INDUSTRIES: dict[str, str] = {
    "minimarket": "Minimarket y almacén",
    "ferreteria": "Ferretería",
    "cafeteria": "Cafetería y panadería",
    "libreria": "Librería",
    "farmacia": "Farmacia",
    "restaurante": "Restaurante",
    "vestuario": "Vestuario y calzado",
    "otro": "Otro rubro",
}
SIZES: dict[str, str] = {
    "micro": "Microempresa",
    "small": "Pequeña",
    "medium": "Mediana",
    "large": "Grande",
}
ROLES: dict[str, str] = {
    "owner": "Dueño",
    "operations": "Operaciones",
    "marketing": "Marketing",
    "finance": "Finanzas",
}


class CompanyError(UserError, ValueError):
    """The company cannot be created or found; the message says why (Spanish)."""


@dataclass(frozen=True)
class Company:
    id: int
    name: str
    rut: str
    industry: str
    size: str
    benchmark_opt_in: bool
    # IVA (docs/PRODUCT.md, "IVA"): whether the line totals the company sends include it (true by
    # default, as on a boleta) and whether its costs do (false by default: costs are net of
    # IVA, as on a supplier's invoice). Margin is measured without IVA either way.
    prices_include_vat: bool
    costs_include_vat: bool


_COLUMNS = "id, name, rut, industry, size, benchmark_opt_in, prices_include_vat, costs_include_vat"


def create_company(conn: Connection, name: str, company_rut: str, industry: str, size: str, *,
                   benchmark_opt_in: bool = True, owner_user_id: int | None = None) -> Company:
    name = name.strip()
    if not name:
        raise CompanyError("company.name_required")
    try:
        normal = rut.normalize(company_rut)
    except rut.InvalidRut as exc:
        raise CompanyError(exc.key, **exc.values) from None
    if industry not in INDUSTRIES:
        raise CompanyError("company.unknown_industry", industry=industry,
                           choices=", ".join(INDUSTRIES))
    if size not in SIZES:
        raise CompanyError("company.unknown_size", size=size, choices=", ".join(SIZES))
    if get_by_rut(conn, normal):
        raise CompanyError("company.rut_taken", rut=normal)
    try:
        with conn.begin_nested():
            row = conn.execute(
                text(
                    "INSERT INTO app.companies (name, rut, industry, size, benchmark_opt_in) "
                    f"VALUES (:n, :r, :i, :s, :b) RETURNING {_COLUMNS}"
                ),
                {"n": name, "r": normal, "i": industry, "s": size, "b": benchmark_opt_in},
            ).one()
    except IntegrityError:
        raise CompanyError("company.rut_taken", rut=normal) from None
    company = Company(*row)
    if owner_user_id is not None:
        set_member(conn, company.id, owner_user_id, "owner")
    audit.record(conn, "company.created", user_id=owner_user_id, company_id=company.id,
                 rut=normal, name=name)
    return company


def get_by_rut(conn: Connection, company_rut: str) -> Company | None:
    try:
        normal = rut.normalize(company_rut)
    except rut.InvalidRut:
        return None
    row = conn.execute(
        text(f"SELECT {_COLUMNS} FROM app.companies WHERE rut = :r"), {"r": normal}
    ).one_or_none()
    return Company(*row) if row else None


def get(conn: Connection, company_id: int) -> Company | None:
    row = conn.execute(
        text(f"SELECT {_COLUMNS} FROM app.companies WHERE id = :i"), {"i": company_id}
    ).one_or_none()
    return Company(*row) if row else None


def list_companies(conn: Connection) -> list[Company]:
    rows = conn.execute(text(f"SELECT {_COLUMNS} FROM app.companies ORDER BY name")).all()
    return [Company(*r) for r in rows]


def companies_of(conn: Connection, user_id: int, *, is_admin: bool) -> list[tuple[Company, str]]:
    """The companies a user may open, each with the user's role (the admin sees all as owner)."""
    if is_admin:
        return [(c, "owner") for c in list_companies(conn)]
    rows = conn.execute(
        text(
            f"SELECT {', '.join('c.' + c for c in _COLUMNS.split(', '))}, uc.role "
            "FROM app.companies c JOIN app.user_companies uc ON uc.company_id = c.id "
            "WHERE uc.user_id = :u ORDER BY c.name"
        ),
        {"u": user_id},
    ).all()
    return [(Company(*r[:-1]), r[-1]) for r in rows]


@dataclass(frozen=True)
class Member:
    user_id: int
    name: str
    email: str
    role: str


def members(conn: Connection, company_id: int) -> list[Member]:
    rows = conn.execute(
        text("SELECT u.id, u.name, u.email, uc.role FROM app.user_companies uc "
             "JOIN app.users u ON u.id = uc.user_id WHERE uc.company_id = :c ORDER BY u.name"),
        {"c": company_id},
    ).all()
    return [Member(*r) for r in rows]


def set_member(conn: Connection, company_id: int, user_id: int, role: str, *,
               by: int | None = None) -> None:
    if role not in ROLES:
        raise CompanyError("company.unknown_role", role=role, choices=", ".join(ROLES))
    conn.execute(
        text(
            "INSERT INTO app.user_companies (user_id, company_id, role) VALUES (:u, :c, :r) "
            "ON CONFLICT (user_id, company_id) DO UPDATE SET role = excluded.role"
        ),
        {"u": user_id, "c": company_id, "r": role},
    )
    audit.record(conn, "member.set", user_id=by, company_id=company_id, member=user_id, role=role)


def remove_member(conn: Connection, company_id: int, user_id: int, *, by: int | None = None) -> None:
    conn.execute(text("DELETE FROM app.user_companies WHERE company_id = :c AND user_id = :u"),
                 {"c": company_id, "u": user_id})
    audit.record(conn, "member.removed", user_id=by, company_id=company_id, member=user_id)


def set_benchmark_opt_in(conn: Connection, company_id: int, opt_in: bool, *,
                         by: int | None = None) -> None:
    conn.execute(text("UPDATE app.companies SET benchmark_opt_in = :o WHERE id = :c"),
                 {"o": opt_in, "c": company_id})
    audit.record(conn, "company.benchmarks", user_id=by, company_id=company_id, opt_in=opt_in)


def set_costs_include_vat(conn: Connection, company_id: int, include: bool, *,
                          by: int | None = None) -> None:
    """Say whether the costs the company sends include IVA. The warehouse and GabeDA take
    the cost without IVA for the margin: the cost as sent when false, cost / 1.19 when true.
    Lines already aggregated follow at the next full build of the warehouse (the nightly
    one) and GabeDA's features at the company's next upload."""
    conn.execute(text("UPDATE app.companies SET costs_include_vat = :v WHERE id = :c"),
                 {"v": bool(include), "c": company_id})
    audit.record(conn, "company.costs_include_vat", user_id=by, company_id=company_id,
                 costs_include_vat=bool(include))

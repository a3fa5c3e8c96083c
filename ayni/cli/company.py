"""`ayni company create|list`: set up companies without the web app."""

from __future__ import annotations

import typer

from ayni.cli.words import say
from ayni.core import formatting
from ayni.core.db import Role, engine
from ayni.usecases import companies

app = typer.Typer(no_args_is_help=True, help="Companies (tenants).")


@app.command()
def create(
    name: str = typer.Option(..., "--name", help="Business name"),
    rut: str = typer.Option(..., "--rut", help="Company RUT, e.g. 76.086.428-5"),
    industry: str = typer.Option(..., "--industry", help=", ".join(companies.INDUSTRIES)),
    size: str = typer.Option(..., "--size", help=", ".join(companies.SIZES)),
    benchmarks: bool = typer.Option(True, "--benchmarks/--no-benchmarks",
                                    help="Take part in the anonymous industry benchmarks"),
) -> None:
    """Create a company."""
    with engine(Role.OWNER).begin() as conn:
        company = companies.create_company(conn, name, rut, industry, size,
                                           benchmark_opt_in=benchmarks)
    typer.echo(say("cli.company_created", id=company.id, name=company.name,
                    rut=formatting.rut(company.rut), industry=company.industry, size=company.size))


@app.command(name="list")
def list_() -> None:
    """List every company."""
    with engine(Role.OWNER).connect() as conn:
        rows = companies.list_companies(conn)
    if not rows:
        typer.echo(say("cli.no_companies"))
    for c in rows:
        typer.echo(f"{c.id:>5}  {formatting.rut(c.rut):<12}  {c.industry:<12} {c.size:<7} {c.name}")

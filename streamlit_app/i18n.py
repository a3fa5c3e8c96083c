"""Every text the pages show, Spanish (Chile) first, English second: one catalogue."""

from __future__ import annotations

import streamlit as st

from ayni.settings import get_settings

CATALOGUE: dict[str, tuple[str, str]] = {
    # key: (es, en)
    "app.title": ("AYNI · analítica para tu negocio", "AYNI · analytics for your business"),
    "login.form": ("Iniciar sesión", "Log in"),
    "login.username": ("Correo", "Email"),
    "login.password": ("Contraseña", "Password"),
    "login.submit": ("Entrar", "Log in"),
    "login.failed": ("Correo o contraseña incorrectos", "Wrong email or password"),
    "login.prompt": ("Ingresa con tu correo y contraseña", "Log in with your email and password"),
    "logout": ("Cerrar sesión", "Log out"),
    "company.select": ("Empresa", "Company"),
    "company.none": ("Aún no perteneces a ninguna empresa. Pide al dueño que te invite.",
                     "You do not belong to any company yet. Ask its owner to invite you."),
    "role": ("Rol", "Role"),
    "nav.dashboards": ("Tableros", "Dashboards"),
    "nav.data": ("Datos", "Data"),
    "page.owner": ("Resumen del dueño", "Owner overview"),
    "page.upload": ("Subir ventas", "Upload sales"),
    "owner.title": ("Resumen del negocio", "Business overview"),
    "owner.no_data": ("Todavía no hay ventas procesadas para esta empresa. Sube un archivo en «Subir ventas».",
                      "No processed sales yet for this company. Upload a file in “Upload sales”."),
    "owner.month": ("Mes", "Month"),
    "owner.chart": ("Ventas por mes", "Sales by month"),
    "owner.table": ("Detalle mensual", "Monthly detail"),
    "owner.vs_prev": ("vs. mes anterior", "vs. previous month"),
    "metric.net_sales": ("Ventas", "Sales"),
    "metric.documents": ("Documentos", "Documents"),
    "metric.avg_ticket": ("Ticket promedio", "Average ticket"),
    "metric.unique_customers": ("Clientes únicos", "Unique customers"),
    "metric.units": ("Unidades", "Units"),
    "metric.gross_margin": ("Margen bruto", "Gross margin"),
    "metric.margin_pct": ("Margen %", "Margin %"),
    "upload.title": ("Subir ventas", "Upload sales"),
    "upload.help": ("Sube la exportación de ventas de tu punto de venta o ERP (CSV con las columnas in_*).",
                    "Upload the sales export of your point of sale or ERP (CSV with the in_* columns)."),
    "upload.file": ("Archivo de ventas", "Sales file"),
    "upload.mode": ("Modo", "Mode"),
    "upload.mode.append": ("Agregar (actualiza líneas ya cargadas)", "Append (updates lines already loaded)"),
    "upload.mode.replace": ("Reemplazar el período del archivo", "Replace the file's period"),
    "upload.submit": ("Procesar", "Process"),
    "upload.missing": ("Al archivo le faltan columnas obligatorias: {columns} (línea 1, encabezado).",
                       "The file lacks required columns: {columns} (line 1, header)."),
    "upload.unreadable": ("No se pudo leer el archivo: {error}", "The file could not be read: {error}"),
    "upload.queued": ("Archivo recibido; procesando…", "File received; processing…"),
    "upload.history": ("Cargas de esta empresa", "Uploads of this company"),
    "upload.summary": ("{loaded} líneas cargadas, {rejected} rechazadas ({date_from} a {date_to}).",
                       "{loaded} lines loaded, {rejected} rejected ({date_from} to {date_to})."),
    "upload.failed": ("La carga falló: {error}", "The upload failed: {error}"),
    "stage.queued": ("En cola", "Queued"),
    "stage.load": ("Validando y cargando", "Validating and loading"),
    "stage.features": ("Calculando indicadores", "Computing features"),
    "stage.aggregate": ("Actualizando tableros", "Updating dashboards"),
    "stage.done": ("Listo", "Done"),
    "status.failed": ("Falló", "Failed"),
    "col.file": ("Archivo", "File"),
    "col.status": ("Estado", "Status"),
    "col.progress": ("Avance", "Progress"),
    "col.loaded": ("Cargadas", "Loaded"),
    "col.rejected": ("Rechazadas", "Rejected"),
    "col.created": ("Subido", "Uploaded"),
    "error.generic": ("Ocurrió un error inesperado. Intenta de nuevo o avisa al administrador.",
                      "Something unexpected went wrong. Try again or tell the administrator."),
}


def language() -> str:
    return st.session_state.get("language") or get_settings().language


def t(key: str, **values: object) -> str:
    es, en = CATALOGUE[key]
    text = es if language() == "es" else en
    return text.format(**values) if values else text

"""Every text the pages show, Spanish (Chile) first, English second: one catalogue."""

from __future__ import annotations

import streamlit as st

from ayni.core.settings import get_settings

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
    "login.locked": ("Cuenta bloqueada por demasiados intentos fallidos. Inténtalo de nuevo en {minutes} "
                     "minutos.", "Account locked after too many failed attempts. Try again in "
                     "{minutes} minutes."),
    "totp.title": ("Segundo factor", "Second factor"),
    "totp.code": ("Código de 6 dígitos de tu app autenticadora", "6-digit code from your authenticator app"),
    "totp.submit": ("Verificar", "Verify"),
    "totp.wrong": ("Código incorrecto", "Wrong code"),
    "register.title": ("Crear cuenta", "Create an account"),
    "register.first_name": ("Nombre", "First name"),
    "register.last_name": ("Apellido", "Last name"),
    "register.repeat": ("Repite la contraseña", "Repeat the password"),
    "register.submit": ("Registrarme", "Sign up"),
    "register.done": ("Cuenta creada. Ya puedes iniciar sesión.", "Account created. You can log in now."),
    "auth.error.taken": ("Ya existe una cuenta con ese correo", "An account with that email exists"),
    "auth.error.email": ("El correo no es válido", "The email is not valid"),
    "auth.error.name": ("Escribe tu nombre y apellido", "Write your first and last name"),
    "auth.error.repeat": ("Las contraseñas no coinciden", "The passwords do not match"),
    "auth.error.empty": ("Completa todos los campos", "Fill in every field"),
    "auth.error.same": ("La nueva contraseña es igual a la actual", "The new password equals the current one"),
    "auth.error.current": ("La contraseña actual no es correcta", "The current password is wrong"),
    "auth.error.rule": ("La contraseña debe tener de 8 a 20 caracteres, con al menos una minúscula, una "
                        "mayúscula, un número y un símbolo.", "The password needs 8 to 20 characters "
                        "with a lowercase and an uppercase letter, a digit and a symbol."),
    "account.title": ("Mi cuenta", "My account"),
    "account.password": ("Cambiar contraseña", "Change password"),
    "account.current": ("Contraseña actual", "Current password"),
    "account.new": ("Nueva contraseña", "New password"),
    "account.save_password": ("Guardar contraseña", "Save password"),
    "account.password_changed": ("Contraseña actualizada", "Password changed"),
    "account.totp": ("Segundo factor (TOTP)", "Second factor (TOTP)"),
    "account.totp.on": ("El segundo factor está activado.", "The second factor is on."),
    "account.totp.off_button": ("Desactivar segundo factor", "Turn the second factor off"),
    "account.totp.start": ("Activar segundo factor", "Turn the second factor on"),
    "account.totp.scan": ("Agrega esta clave a tu app autenticadora (Google Authenticator, Authy…) y "
                          "escribe el código que muestra:", "Add this key to your authenticator app "
                          "(Google Authenticator, Authy…) and type the code it shows:"),
    "account.totp.confirm": ("Confirmar", "Confirm"),
    "account.totp.enabled": ("Segundo factor activado", "Second factor turned on"),
    "account.language": ("Idioma", "Language"),
    "company.select": ("Empresa", "Company"),
    "company.none": ("Aún no perteneces a ninguna empresa: crea la tuya en «Mis empresas» o pide al "
                     "dueño que te invite.", "You do not belong to any company yet: create yours "
                     "in “My companies” or ask its owner to invite you."),
    "role": ("Rol", "Role"),
    "nav.dashboards": ("Tableros", "Dashboards"),
    "nav.data": ("Datos", "Data"),
    "nav.company": ("Empresa", "Company"),
    "nav.account": ("Cuenta", "Account"),
    "nav.admin": ("Administración", "Administration"),
    "page.monitor": ("Cargas", "Uploads"),
    "page.downloads": ("Descargas", "Downloads"),
    "page.companies": ("Mis empresas", "My companies"),
    "page.members": ("Equipo", "Team"),
    "page.account": ("Mi cuenta", "My account"),
    "page.admin_users": ("Usuarios", "Users"),
    "page.admin_companies": ("Empresas y miembros", "Companies and members"),
    "page.admin_queue": ("Cola de procesos", "Job queue"),
    "page.admin_audit": ("Auditoría", "Audit log"),
    "role.owner": ("Dueño", "Owner"),
    "role.operations": ("Operaciones", "Operations"),
    "role.marketing": ("Marketing", "Marketing"),
    "role.finance": ("Finanzas", "Finance"),
    "page.owner": ("Resumen del dueño", "Owner overview"),
    "page.upload": ("Subir ventas", "Upload sales"),
    "owner.title": ("Resumen del negocio", "Business overview"),
    "owner.no_data": ("Todavía no hay ventas procesadas para esta empresa. Sube un archivo en «Subir ventas».",
                      "No processed sales yet for this company. Upload a file in “Upload sales”."),
    "owner.month": ("Mes", "Month"),
    "owner.chart": ("Ventas por período", "Sales by period"),
    "owner.table": ("Detalle por período", "Detail by period"),
    "owner.vs_prev": ("vs. mes anterior", "vs. previous month"),
    "metric.net_sales": ("Ventas", "Sales"),
    "metric.documents": ("Documentos", "Documents"),
    "metric.avg_ticket": ("Ticket promedio", "Average ticket"),
    "metric.unique_customers": ("Clientes únicos", "Unique customers"),
    "metric.units": ("Unidades", "Units"),
    "metric.gross_margin": ("Margen bruto (sin IVA)", "Gross margin (ex VAT)"),
    "metric.margin_pct": ("Margen % sobre ventas sin IVA", "Margin % on sales ex VAT"),
    "upload.title": ("Subir ventas", "Upload sales"),
    "upload.format": ("Formato del archivo", "File format"),
    "upload.format.detected": ("Detectado: {detail}. Cámbielo si algo se ve mal en la vista previa.",
                               "Detected: {detail}. Change it if the preview looks wrong."),
    "upload.encoding": ("Codificación", "Encoding"),
    "upload.delimiter": ("Separador", "Delimiter"),
    "upload.header_line": ("Línea del encabezado", "Header line"),
    "upload.sheet": ("Hoja", "Sheet"),
    "upload.mapping": ("Columnas", "Columns"),
    "upload.mapping.help": ("Elige qué columna de tu archivo corresponde a cada dato. Los obligatorios "
                            "deben tener columna o un valor por defecto.",
                            "Choose which column of your file holds each field. Required ones need "
                            "a column or a default value."),
    "upload.mapping.saved": ("Se usa el mapeo guardado «{name}».", "Using the saved mapping “{name}”."),
    "upload.mapping.proposed": ("Primera vez que vemos este encabezado: revisa la propuesta.",
                                "First time we see this header: check the proposal."),
    "upload.mapping.missing": ("Faltan columnas para: {fields}.", "Missing columns for: {fields}."),
    "upload.formats": ("Números y fechas", "Numbers and dates"),
    "upload.preview": ("Vista previa (primeras líneas como se cargarán)",
                       "Preview (first lines as they will load)"),
    "upload.preview.problems": ("Problemas en la vista previa", "Problems in the preview"),
    "upload.save_mapping": ("Guardar este mapeo para los próximos archivos",
                            "Save this mapping for the next files"),
    "upload.mapping_name": ("Nombre del mapeo", "Mapping name"),
    "upload.max_error_pct": ("Máximo de líneas con error (%)", "Most lines with errors (%)"),
    "upload.same_bytes": ("Este mismo archivo ya se subió el {when} (carga {id}).",
                          "This very file was uploaded on {when} (upload {id})."),
    "upload.same_bytes.confirm": ("Sí, procesarlo otra vez", "Yes, process it again"),
    "upload.months": ("Cambios por mes", "Changes by month"),
    "upload.report": ("Descargar reporte de errores (CSV)", "Download the error report (CSV)"),
    "upload.warned": ("{warned} líneas con advertencias.", "{warned} lines with warnings."),
    "col.field": ("Dato", "Field"),
    "col.required": ("Obligatorio", "Required"),
    "col.source": ("Columna del archivo", "File column"),
    "col.confidence": ("Confianza", "Confidence"),
    "col.default": ("Valor por defecto", "Default value"),
    "col.kind": ("Tipo", "Kind"),
    "col.decimal": ("Decimal", "Decimal"),
    "col.thousands": ("Miles", "Thousands"),
    "col.date_pattern": ("Formato de fecha", "Date format"),
    "col.line": ("Línea", "Line"),
    "col.value": ("Valor", "Value"),
    "col.reason": ("Motivo", "Reason"),
    "col.month": ("Mes", "Month"),
    "col.before": ("Antes", "Before"),
    "col.after": ("Después", "After"),
    "col.added": ("Nuevas", "Added"),
    "col.updated": ("Actualizadas", "Updated"),
    "col.unchanged": ("Sin cambios", "Unchanged"),
    "col.removed": ("Eliminadas", "Removed"),
    "kind.number": ("número", "number"),
    "kind.date": ("fecha", "date"),
    "field.in_dt": ("Fecha y hora", "Date and time"),
    "field.in_trans_id": ("N° de documento", "Document number"),
    "field.in_product_id": ("Código de producto", "Product code"),
    "field.in_quantity": ("Cantidad", "Quantity"),
    "field.in_price_total": ("Total de la línea", "Line total"),
    "field.in_trans_type": ("Tipo de documento", "Document type"),
    "field.in_customer_id": ("Cliente (RUT o código)", "Customer (RUT or code)"),
    "field.in_description": ("Descripción", "Description"),
    "field.in_category": ("Categoría", "Category"),
    "field.in_unit_type": ("Unidad", "Unit"),
    "field.in_stock": ("Stock", "Stock"),
    "field.in_price_unit": ("Precio unitario", "Unit price"),
    "field.in_cost_unit": ("Costo unitario", "Unit cost"),
    "field.in_cost_total": ("Costo total", "Total cost"),
    "field.in_discount_total": ("Descuento", "Discount"),
    "field.in_commission_total": ("Comisión", "Commission"),
    "field.in_margin": ("Margen", "Margin"),
    "upload.help": ("Sube la exportación de ventas de tu punto de venta o ERP (CSV o Excel).",
                    "Upload the sales export of your point of sale or ERP (CSV or Excel)."),
    "upload.file": ("Archivo de ventas", "Sales file"),
    "upload.mode": ("Modo", "Mode"),
    "upload.mode.append": ("Agregar (actualiza líneas ya cargadas)", "Append (updates lines already loaded)"),
    "upload.mode.replace": ("Reemplazar el período del archivo", "Replace the file's period"),
    "upload.submit": ("Procesar", "Process"),
    "upload.unreadable": ("No se pudo leer el archivo: {error}", "The file could not be read: {error}"),
    "upload.queued": ("Archivo recibido; procesando…", "File received; processing…"),
    "upload.mapping.name_as_id": ("Tu archivo no trae código de producto: usamos el nombre "
                                  "(columna «{column}») como código. Si tiene una columna de "
                                  "código, elígela en «Código de producto».",
                                  "Your file has no product code: we use the name (column "
                                  "«{column}») as the code. If it has a code column, choose it "
                                  "for «Product code»."),
    "upload.delimiter.comma": (", (coma)", ", (comma)"),
    "upload.delimiter.semicolon": ("; (punto y coma)", "; (semicolon)"),
    "upload.delimiter.tab": ("tabulador", "tab"),
    "upload.space": ("espacio", "space"),
    "upload.over_limit": ("De las primeras {checked} líneas, {rejected} tienen errores ({pct}), más "
                          "que el límite de {limit}: el archivo se rechazaría entero. Revisa la "
                          "asignación de columnas y los formatos, o corrige el archivo.",
                          "Of the first {checked} lines, {rejected} have errors ({pct}), more than "
                          "the limit of {limit}: the whole file would be refused. Check the column "
                          "mapping and the formats, or fix the file."),
    "upload.see_dashboard": ("Ver mi tablero", "See my dashboard"),
    "upload.fix_and_resend": ("Reintentar no cambiaría el resultado: corrige el archivo y súbelo "
                              "de nuevo.", "Retrying would not change the result: fix the file "
                              "and upload it again."),
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
    "monitor.title": ("Cargas", "Uploads"),
    "monitor.help": ("Cada archivo pasa por: validar y cargar → calcular indicadores → actualizar "
                     "tableros.", "Each file goes through: validate and load → compute features → "
                     "update dashboards."),
    "monitor.none": ("Todavía no hay cargas.", "No uploads yet."),
    "monitor.retry": ("Reintentar", "Retry"),
    "monitor.retried": ("Carga {id} en cola de nuevo", "Upload {id} queued again"),
    "monitor.detail": ("Detalle de una carga", "Details of an upload"),
    "companies.title": ("Mis empresas", "My companies"),
    "companies.name": ("Empresa", "Company"),
    "companies.name_field": ("Nombre de la empresa", "Company name"),
    "companies.industry": ("Rubro", "Industry"),
    "companies.size": ("Tamaño", "Size"),
    "companies.benchmarks": ("Comparación con el rubro", "Industry comparison"),
    "companies.create": ("Crear una empresa", "Create a company"),
    "companies.create_button": ("Crear empresa", "Create company"),
    "companies.created": ("Empresa «{name}» creada; tú eres su dueño.",
                          "Company “{name}” created; you are its owner."),
    "companies.opt_in": ("Participar en la comparación anónima con el rubro",
                         "Take part in the anonymous industry comparison"),
    "companies.opt_in.help": ("Tus cifras se suman, sin nombre, a las de al menos 10 empresas de tu "
                              "rubro; si no participas, tampoco ves la comparación.",
                              "Your figures join, unnamed, those of at least 10 companies of your "
                              "industry; if you do not take part you do not see the comparison."),
    "companies.settings": ("Configuración de {name}", "Settings of {name}"),
    # company VAT settings
    "companies.costs_include_vat": ("Mis costos incluyen IVA", "My costs include VAT"),
    "companies.costs_include_vat.help": (
        "Márcalo si los costos que subes traen el IVA incluido; si no, se toman netos, como en la "
        "factura del proveedor. El margen se calcula siempre sin IVA.",
        "Tick it if the costs you upload include VAT; otherwise they are taken as net, as on the "
        "supplier's invoice. Margin is always measured without VAT."),
    "companies.costs_include_vat.saved": (
        "Listo: los márgenes se recalculan con este criterio esta noche, y los indicadores de tus "
        "productos con tu próxima carga.",
        "Done: margins are recomputed this way tonight, and your products' indicators with your "
        "next upload."),
    "members.title": ("Equipo", "Team"),
    "members.only_owner": ("Solo el dueño de la empresa administra el equipo.",
                           "Only the company's owner manages its team."),
    "members.name": ("Nombre", "Name"),
    "members.invite": ("Invitar a un usuario registrado", "Invite a registered user"),
    "members.add": ("Agregar al equipo", "Add to the team"),
    "members.unknown": ("No hay una cuenta con el correo {email}: pídale que se registre primero.",
                        "There is no account with the email {email}: ask them to sign up first."),
    "members.added": ("{name} ahora es {role}.", "{name} is now {role}."),
    "members.change": ("Cambiar rol o quitar", "Change role or remove"),
    "members.save_role": ("Guardar rol", "Save role"),
    "members.remove": ("Quitar de la empresa", "Remove from the company"),
    "admin.is_admin": ("Admin", "Admin"),
    "admin.totp": ("2FA", "2FA"),
    "admin.failed_logins": ("Intentos fallidos", "Failed attempts"),
    "admin.locked_until": ("Bloqueado hasta", "Locked until"),
    "admin.toggle_admin": ("Dar o quitar admin", "Grant or revoke admin"),
    "admin.unlock": ("Desbloquear", "Unlock"),
    "admin.memberships": ("Membresías", "Memberships"),
    "admin.workers": ("Workers activos: {n}", "Active workers: {n}"),
    "admin.queue": ("Cola", "Queue"),
    "admin.queued": ("En espera", "Waiting"),
    "admin.running": ("En curso", "Running"),
    "admin.failed_jobs": ("Fallidos", "Failed"),
    "admin.failed": ("Fallido", "Failed"),
    "admin.job": ("Trabajo", "Job"),
    "admin.no_failed": ("No hay trabajos fallidos.", "No failed jobs."),
    "admin.retried": ("Trabajo en cola de nuevo", "Job queued again"),
    "admin.when": ("Cuándo", "When"),
    "admin.action": ("Acción", "Action"),
    "admin.user": ("Usuario", "User"),
    "admin.detail": ("Detalle", "Detail"),
    "downloads.title": ("Descargas", "Downloads"),
    "downloads.tables": ("Tablas de la empresa", "The company's tables"),
    "downloads.table": ("Tabla", "Table"),
    "downloads.rows": ("{n} filas (se muestran las primeras 200)", "{n} rows (the first 200 shown)"),
    "downloads.csv": ("Descargar CSV", "Download CSV"),
    "downloads.xlsx": ("Descargar Excel", "Download Excel"),
    "downloads.files": ("Archivos subidos", "Uploaded files"),
    "downloads.original": ("Preparar archivo original", "Prepare the original file"),
    "downloads.save": ("Descargar original", "Download the original"),
    "downloads.lines": ("Líneas procesadas", "Processed lines"),
    "downloads.lines_help": ("Cada línea tal como quedó en el almacén: RUT normalizado, devoluciones "
                             "con cantidad y montos negativos, costo y precio unitario completados.",
                             "Every line as the warehouse keeps it: RUT normalised, returns with "
                             "negative quantity and amounts, cost and unit price completed."),
    "downloads.lines_of": ("Líneas de", "Lines of"),
    "downloads.lines_all": ("Todas las cargas", "Every upload"),
    "downloads.lines_upload": ("{file} · {day} (carga {id})", "{file} · {day} (upload {id})"),
    "downloads.lines_rows": ("{n} líneas (vista previa de hasta 200)",
                             "{n} lines (a preview of up to 200)"),
    "downloads.lines_none": ("Esta carga no tiene líneas propias: sus líneas ya estaban cargadas sin "
                             "cambios, o una carga posterior las reemplazó.", "This upload has no "
                             "lines of its own: they were already loaded unchanged, or a later "
                             "upload replaced them."),
    "downloads.lines_pending": ("Las líneas procesadas aparecerán cuando termine el primer "
                                "procesamiento.", "The processed lines appear once the first "
                                "processing finishes."),
    "downloads.lines_csv": ("Descargar líneas (CSV)", "Download lines (CSV)"),
    "downloads.lines_xlsx": ("Descargar líneas (Excel)", "Download lines (Excel)"),
    "downloads.xlsx_cut": ("Una hoja de Excel admite {limit} filas: el archivo Excel trae las primeras "
                           "{limit} de las {n} líneas (por fecha). El CSV las trae todas.",
                           "An Excel sheet holds {limit} rows: the Excel file has the first {limit} "
                           "of the {n} lines (by date). The CSV has them all."),
    "downloads.yes": ("sí", "yes"),
    "downloads.no": ("no", "no"),
    "line.upload_id": ("Carga", "Upload"),
    "line.sold_at": ("Fecha y hora", "Date and time"),
    "line.sale_date": ("Fecha", "Date"),
    "line.document_id": ("Documento", "Document"),
    "line.trans_type": ("Tipo de documento", "Document type"),
    "line.is_return": ("Devolución", "Return"),
    "line.line_no": ("Repetición en el documento", "Occurrence in the document"),
    "line.product_id": ("Código de producto", "Product code"),
    "line.product_name": ("Producto", "Product"),
    "line.category": ("Categoría", "Category"),
    "line.unit_type": ("Unidad", "Unit"),
    "line.customer_id": ("Cliente", "Customer"),
    "line.quantity": ("Cantidad", "Quantity"),
    "line.unit_price": ("Precio unitario", "Unit price"),
    "line.list_total": ("Total antes de descuento", "Total before discount"),
    "line.discount_total": ("Descuento", "Discount"),
    "line.line_total": ("Total línea", "Line total"),
    "line.unit_cost": ("Costo unitario", "Unit cost"),
    "line.cost_total": ("Costo total", "Total cost"),
    "line.commission_total": ("Comisión", "Commission"),
    "line.sales_ex_vat": ("Total sin IVA", "Total without VAT"),
    "line.vat": ("IVA", "VAT"),
    "line.cost_ex_vat": ("Costo sin IVA", "Cost without VAT"),
    "line.margin": ("Margen sin IVA", "Margin without VAT"),
    "line.stock": ("Stock", "Stock"),
    "mart.daily_aggregations": ("Ventas por día", "Sales by day"),
    "mart.weekly_aggregations": ("Ventas por semana", "Sales by week"),
    "mart.monthly_aggregations": ("Ventas por mes", "Sales by month"),
    "mart.quarterly_aggregations": ("Ventas por trimestre", "Sales by quarter"),
    "mart.yearly_aggregations": ("Ventas por año", "Sales by year"),
    "mart.product_aggregations": ("Productos por mes", "Products by month"),
    "mart.customer_aggregations": ("Clientes por mes", "Customers by month"),
    "mart.category_aggregations": ("Categorías por mes", "Categories by month"),
    "mart.company_benchmark_position": ("Posición en el rubro", "Position in the industry"),
    "mart.benchmarks": ("Comparación del rubro", "Industry benchmarks"),
    "page.operations": ("Operaciones", "Operations"),
    "page.marketing": ("Marketing", "Marketing"),
    "page.finance": ("Finanzas", "Finance"),
    "page.benchmarks": ("Comparación con el rubro", "Industry comparison"),
    # ¿Qué cambió? (owner page)
    "change.title": ("¿Qué cambió?", "What changed?"),
    "change.against": ("Comparar con", "Compare with"),
    "change.by": ("Explicar por", "Explain by"),
    "change.by.product": ("Productos", "Products"),
    "change.by.category": ("Categorías", "Categories"),
    "change.by.customer": ("Clientes", "Customers"),
    "change.by.buyers": ("Nuevos y recurrentes", "New and returning"),
    "change.by.ticket": ("Documentos y ticket", "Documents and ticket"),
    "change.sales_up": ("Las ventas de {period} subieron {amount} ({pct}) frente a {against}.",
                        "Sales in {period} rose {amount} ({pct}) against {against}."),
    "change.sales_down": ("Las ventas de {period} bajaron {amount} ({pct}) frente a {against}.",
                          "Sales in {period} fell {amount} ({pct}) against {against}."),
    "change.sales_same": ("Las ventas de {period} fueron iguales a las de {against}.",
                          "Sales in {period} were the same as in {against}."),
    "change.added": ("Lo que más sumó: {parts}", "What added most: {parts}"),
    "change.took": ("lo que más restó: {parts}", "what took away most: {parts}"),
    "change.and": ("y", "and"),
    "change.documents": ("Hubo {documents} documentos {more} y el ticket promedio {went} {ticket}.",
                         "There were {documents} {more} documents and the average ticket {went} "
                         "{ticket}."),
    "change.more": ("más", "more"),
    "change.fewer": ("menos", "fewer"),
    "change.rose": ("subió", "rose"),
    "change.fell": ("bajó", "fell"),
    "change.part.others": ("Otros", "Others"),
    "change.part.new": ("Clientes nuevos", "New customers"),
    "change.part.returning": ("Clientes que ya compraban", "Returning customers"),
    "change.part.unidentified": ("Ventas sin cliente identificado", "Sales without an identified "
                                 "customer"),
    "change.part.documents": ("Más o menos documentos", "More or fewer documents"),
    "change.part.ticket": ("Ticket promedio", "Average ticket"),
    "change.no_customer": ("Sin cliente identificado", "No identified customer"),
    "change.no_category": ("Sin categoría", "No category"),
    "change.whole_months": ("Para explicar por productos, categorías o clientes, elige meses "
                            "completos.", "To explain by products, categories or customers, "
                            "choose whole months."),
    "fin.margin_basis": ("El margen se mide sobre las ventas sin IVA: ventas sin IVA − costo sin "
                         "IVA (el IVA solo pasa por tu caja).", "Margin is measured on sales "
                         "without VAT: sales without VAT − cost without VAT (VAT only passes "
                         "through your till)."),
    # Streamlit's own words (streamlit_app/chrome.py)
    "chrome.upload": ("Elegir archivo", "Choose file"),
    "chrome.upload_limit": ("Arrastra tu archivo aquí · hasta {mb} MB · CSV, TXT o XLSX",
                            "Drag your file here · up to {mb} MB · CSV, TXT or XLSX"),
    "table.empty": ("Nada que mostrar todavía.", "Nothing to show yet."),
    # What the audit log's actions read as (admin_audit)
    "audit.company.benchmarks": ("Comparación con el rubro cambiada", "Industry comparison changed"),
    "audit.company.costs_include_vat": ("Costos con o sin IVA cambiado", "Costs with or without VAT "
                                        "changed"),
    "audit.company.created": ("Empresa creada", "Company created"),
    "audit.member.removed": ("Miembro quitado", "Member removed"),
    "audit.member.set": ("Miembro agregado o con rol nuevo", "Member added or given a new role"),
    "audit.upload.submitted": ("Archivo enviado", "File sent"),
    "audit.user.admin_changed": ("Permiso de administrador cambiado", "Admin permission changed"),
    "audit.user.created": ("Cuenta creada", "Account created"),
    "audit.user.locked": ("Cuenta bloqueada", "Account locked"),
    "audit.user.password_changed": ("Contraseña cambiada", "Password changed"),
    "audit.user.totp_disabled": ("Segundo factor desactivado", "Second factor turned off"),
    "audit.key.email": ("correo", "email"),
    "audit.key.is_admin": ("administrador", "admin"),
    "audit.key.target": ("cuenta", "account"),
    "audit.key.member": ("miembro", "member"),
    "audit.key.role": ("rol", "role"),
    "audit.key.opt_in": ("participa", "takes part"),
    "audit.key.costs_include_vat": ("costos con IVA", "costs with VAT"),
    "audit.key.rut": ("RUT", "RUT"),
    "audit.key.name": ("nombre", "name"),
    "audit.key.upload_id": ("carga", "upload"),
    "audit.key.filename": ("archivo", "file"),
    "audit.key.mode": ("modo", "mode"),
    "audit.key.bytes": ("bytes", "bytes"),
    "audit.user.totp_enabled": ("Segundo factor activado", "Second factor turned on"),
    # Industries and sizes (ayni.usecases.companies keys)
    "industry.minimarket": ("Minimarket y almacén", "Minimarket and grocery"),
    "industry.ferreteria": ("Ferretería", "Hardware store"),
    "industry.cafeteria": ("Cafetería y panadería", "Café and bakery"),
    "industry.libreria": ("Librería", "Bookshop and stationery"),
    "industry.farmacia": ("Farmacia", "Pharmacy"),
    "industry.restaurante": ("Restaurante", "Restaurant"),
    "industry.vestuario": ("Vestuario y calzado", "Clothing and footwear"),
    "industry.otro": ("Otro rubro", "Other industry"),
    "size.micro": ("Microempresa", "Micro business"),
    "size.small": ("Pequeña", "Small"),
    "size.medium": ("Mediana", "Medium"),
    "size.large": ("Grande", "Large"),
    "dash.grain": ("Agrupar por", "Group by"),
    "dash.period": ("Período", "Period"),
    "dash.range": ("Desde – hasta", "From – to"),
    "dash.preset.last_month": ("Último mes completo", "Last complete month"),
    "dash.preset.month_to_date": ("Mes en curso", "Month to date"),
    "dash.preset.last_3_months": ("Últimos 3 meses", "Last 3 months"),
    "dash.preset.last_12_months": ("Últimos 12 meses", "Last 12 months"),
    "dash.preset.year_to_date": ("Año en curso", "Year to date"),
    "dash.preset.custom": ("Elegir fechas", "Choose dates"),
    "dash.span": ("{start} al {end}", "{start} to {end}"),
    "dash.as_of": ("ventas hasta el {day}", "sales up to {day}"),
    "dash.vs": ("vs. {what}", "vs. {what}"),
    "dash.no_comparison": ("Sin comparación: tus datos no cubren un período igual de largo antes "
                           "de este.", "No comparison: your data does not cover an equally long "
                           "period before this one."),
    "dash.compare.year": ("mismo período del año anterior", "same period a year before"),
    "help.margin_pct": ("Margen sobre ventas sin IVA: (ventas sin IVA − costo sin IVA) ÷ ventas sin "
                        "IVA.", "Margin on sales without VAT: (sales without VAT − cost without "
                        "VAT) ÷ sales without VAT."),
    "help.gross_margin": ("Ventas sin IVA menos costo sin IVA.", "Sales without VAT minus cost "
                          "without VAT."),
    "dash.empty_range": ("No hay ventas en el período elegido.", "No sales in the chosen period."),
    "dash.features_pending": ("Los indicadores de productos y clientes se calculan después de la "
                              "primera carga.", "Product and client indicators are computed after "
                              "the first upload."),
    "grain.day": ("Día", "Day"),
    "grain.week": ("Semana", "Week"),
    "grain.month": ("Mes", "Month"),
    "grain.quarter": ("Trimestre", "Quarter"),
    "grain.year": ("Año", "Year"),
    "metric.period_start": ("Período", "Period"),
    "metric.gross_sales": ("Ventas brutas", "Gross sales"),
    "metric.discounts": ("Descuentos", "Discounts"),
    "metric.returns": ("Devoluciones", "Returns"),
    "metric.cost": ("Costo (sin IVA)", "Cost (ex VAT)"),
    "metric.lines": ("Líneas", "Lines"),
    "metric.new_customers": ("Clientes nuevos", "New customers"),
    "metric.returning_customers": ("Clientes recurrentes", "Returning customers"),
    "metric.units_per_document": ("Unidades por documento", "Units per document"),
    "metric.sales_ex_vat": ("Ventas netas (sin IVA)", "Net sales (ex VAT)"),
    "metric.vat": ("IVA débito", "Output VAT"),
    "metric.net_sales_prev_pct": ("Ventas vs. anterior (%)", "Sales vs. previous (%)"),
    "metric.net_sales_yoy_pct": ("Ventas vs. año anterior (%)", "Sales vs. a year before (%)"),
    "owner.top_products": ("Productos más vendidos", "Best-selling products"),
    "owner.top_clients": ("Mejores clientes", "Best clients"),
    "owner.peers": ("Tu posición en tu rubro", "Your position in your industry"),
    "owner.peers_month": ("Frente a las empresas de tu rubro en {month} (100 = la mejor).",
                          "Against the businesses in your industry in {month} (100 = the best)."),
    "owner.peer_rank": ("{metric}: mejor que el {value} % de tu rubro",
                        "{metric}: better than {value} % of your industry"),
    "bench.title": ("Comparación con el rubro", "Industry comparison"),
    "bench.none": ("Todavía no hay comparación publicada: se muestra cuando al menos 10 empresas de "
                   "tu rubro participan con datos del período.", "No comparison published yet: it "
                   "shows when at least 10 companies of your industry take part with data for the "
                   "period."),
    "bench.opted_out": ("Tu empresa no participa en la comparación con el rubro, así que tampoco la "
                        "ves. Puedes activarla en «Mis empresas».", "Your company does not take part "
                        "in the industry comparison, so it does not see it either. Turn it on in "
                        "“My companies”."),
    "bench.period": ("Período", "Period"),
    "bench.peers": ("Comparado con {n} empresas de tu rubro", "Compared with {n} companies of your "
                    "industry"),
    "bench.median": ("Mediana del rubro", "Industry median"),
    "bench.percentile": ("percentil {value}", "percentile {value}"),
    "bench.metric.net_sales": ("Ventas", "Sales"),
    "bench.metric.avg_ticket": ("Ticket promedio", "Average ticket"),
    "bench.metric.documents": ("Documentos", "Documents"),
    "bench.metric.margin_pct": ("Margen %", "Margin %"),
    "bench.metric.units_per_document": ("Unidades por documento", "Units per document"),
    "bench.metric.net_sales_prev_pct": ("Crecimiento vs. anterior", "Growth vs. previous"),
    "bench.metric.net_sales_yoy_pct": ("Crecimiento vs. año anterior", "Growth vs. a year before"),
    "ops.title": ("Operaciones", "Operations"),
    "ops.units": ("Unidades por período", "Units by period"),
    "ops.class": ("Productos clase {cls}", "Class {cls} products"),
    "ops.dead_stock": ("Sin venta en 30 días", "No sale in 30 days"),
    "ops.pareto": ("Curva ABC (Pareto)", "ABC curve (Pareto)"),
    "ops.cumulative": ("% acumulado", "Cumulative %"),
    "ops.velocity": ("Productos más rápidos", "Fastest products"),
    "ops.velocity_unit": ("unidades por día de venta", "units per selling day"),
    "ops.heatmap": ("Ventas por día y hora", "Sales by weekday and hour"),
    "ops.dead_list": ("Productos", "Products"),
    "ops.no_dead": ("No hay stock muerto: todos los productos vendieron en los últimos 30 días.",
                    "No dead stock: every product sold in the last 30 days."),
    "mkt.title": ("Marketing", "Marketing"),
    "mkt.new_vs_returning": ("Clientes nuevos y recurrentes", "New and returning customers"),
    "mkt.segments": ("Segmentos RFM", "RFM segments"),
    "mkt.cohorts": ("Retención por cohorte (% de clientes que vuelven)",
                    "Retention by cohort (% of customers who come back)"),
    "mkt.pairs": ("Productos que se compran juntos", "Products bought together"),
    "mkt.no_pairs": ("Aún no hay pares frecuentes.", "No frequent pairs yet."),
    "mkt.customers": ("Clientes", "Customers"),
    "fin.title": ("Finanzas", "Finance"),
    "fin.trend": ("Ventas, costo y margen", "Sales, cost and margin"),
    "fin.discounts_returns": ("Descuentos y devoluciones", "Discounts and returns"),
    "fin.by_category": ("Margen por categoría", "Margin by category"),
    "fin.no_category": ("(sin categoría)", "(no category)"),
    "fin.table": ("Detalle por período", "Detail by period"),
    "status.active": ("Activos", "Active"),
    "status.at risk": ("En riesgo", "At risk"),
    "status.churned": ("Perdidos", "Churned"),
    "segment.Champions": ("Campeones", "Champions"),
    "segment.Loyal": ("Leales", "Loyal"),
    "segment.Potential loyalist": ("Potencialmente leales", "Potential loyalist"),
    "segment.New": ("Nuevos", "New"),
    "segment.Promising": ("Prometedores", "Promising"),
    "segment.Need attention": ("Requieren atención", "Need attention"),
    "segment.About to sleep": ("Por dormirse", "About to sleep"),
    "segment.At risk": ("En riesgo", "At risk"),
    "segment.Cannot lose": ("No se pueden perder", "Cannot lose"),
    "segment.Hibernating": ("Hibernando", "Hibernating"),
    "segment.Lost": ("Perdidos", "Lost"),
    "weekday.0": ("Lunes", "Monday"),
    "weekday.1": ("Martes", "Tuesday"),
    "weekday.2": ("Miércoles", "Wednesday"),
    "weekday.3": ("Jueves", "Thursday"),
    "weekday.4": ("Viernes", "Friday"),
    "weekday.5": ("Sábado", "Saturday"),
    "weekday.6": ("Domingo", "Sunday"),
    "feature.product_id": ("Producto", "Product"),
    "feature.abc_class": ("Clase ABC", "ABC class"),
    "feature.revenue": ("Ventas", "Sales"),
    "feature.units": ("Unidades", "Units"),
    "feature.velocity": ("Velocidad (u/día)", "Velocity (u/day)"),
    "feature.selling_days": ("Días con venta", "Selling days"),
    "feature.days_since_last_sale": ("Días desde la última venta", "Days since last sale"),
    "feature.dead_stock": ("Stock muerto", "Dead stock"),
    "feature.quadrant": ("Cuadrante", "Quadrant"),
    "feature.product_a": ("Producto A", "Product A"),
    "feature.product_b": ("Producto B", "Product B"),
    "feature.documents": ("Documentos", "Documents"),
    "feature.support": ("Soporte", "Support"),
    "feature.confidence_ab": ("Confianza A→B", "Confidence A→B"),
    "feature.confidence_ba": ("Confianza B→A", "Confidence B→A"),
    "feature.lift": ("Lift", "Lift"),
    "feature.customer_id": ("Cliente", "Customer"),
    "feature.rfm_segment": ("Segmento", "Segment"),
    "feature.status": ("Estado", "Status"),
    "feature.r_score": ("R", "R"),
    "feature.f_score": ("F", "F"),
    "feature.m_score": ("M", "M"),
    "feature.last_purchase": ("Última compra", "Last purchase"),
    "feature.recency_days": ("Días sin comprar", "Days since last purchase"),
    "error.generic": ("Ocurrió un error inesperado. Intenta de nuevo o avisa al administrador.",
                      "Something unexpected went wrong. Try again or tell the administrator."),
    # Export headers of mart columns no metric.* or line.* label covers.
    "col.company_id": ("Empresa", "Company"),
    "col.period_type": ("Tipo de período", "Period type"),
    "col.industry": ("Rubro", "Industry"),
    "col.metric": ("Indicador", "Metric"),
    "col.n_companies": ("Empresas comparadas", "Companies compared"),
    "col.p25": ("Percentil 25", "25th percentile"),
    "col.p50": ("Mediana", "Median"),
    "col.p75": ("Percentil 75", "75th percentile"),
    "col.p90": ("Percentil 90", "90th percentile"),
    "col.trimmed_mean": ("Promedio recortado", "Trimmed mean"),
    "col.percentile_rank": ("Percentil de la empresa", "Company percentile"),
    "col.is_identified": ("Cliente identificado", "Identified customer"),
    "col.first_purchase_date": ("Primera compra", "First purchase"),
    "col.avg_ticket_prev_pct": ("Ticket promedio vs. período anterior (%)",
                                "Average ticket vs. previous period (%)"),
    "col.avg_ticket_yoy_pct": ("Ticket promedio vs. año anterior (%)",
                               "Average ticket vs. previous year (%)"),
    "col.documents_prev_pct": ("Documentos vs. período anterior (%)",
                               "Documents vs. previous period (%)"),
    "col.documents_yoy_pct": ("Documentos vs. año anterior (%)", "Documents vs. previous year (%)"),
    # charts (streamlit_app/charts.py)
    "chart.average_7": ("Promedio de 7 días", "7-day average"),
    # operations page (views/operations.py)
    "unit.unit": ("Unidades", "Units"),
    "unit.kg": ("Kilos", "Kilos"),
    "unit.g": ("Gramos", "Grams"),
    "unit.l": ("Litros", "Litres"),
    "unit.m": ("Metros", "Metres"),
    "ops.units_of": ("{unit} por período", "{unit} by period"),
    "ops.per_document": ("{unit} por documento", "{unit} per document"),
    "ops.class_short": ("Clase {cls}", "Class {cls}"),
    "ops.rest": ("{n} productos más", "{n} more products"),
    "ops.abc_help": ("Clase A: los productos que suman el {a} de tus ventas; clase B: los "
                     "siguientes, hasta el {b}; clase C: el resto. La línea suma las ventas de "
                     "izquierda a derecha hasta llegar al 100 %.", "Class A: the products that "
                     "make {a} of your sales; class B: the next ones, up to {b}; class C: the "
                     "rest. The line adds up the sales from left to right until it reaches "
                     "100 %."),
    "ops.code": ("Código {code}", "Code {code}"),
    "ops.per_selling_day": ("Por día con venta", "Per selling day"),
    "ops.hour": ("Hora del día", "Hour of the day"),
    "ops.quadrants": ("Productos según ventas y margen", "Products by sales and margin"),
    "ops.quadrants_help": ("Cada producto se compara con la mediana de tus productos: ventas "
                           "{sales} y margen {margin} (margen sobre ventas sin IVA).",
                           "Each product is compared with the median of your products: sales "
                           "{sales} and margin {margin} (margin on sales before VAT)."),
    "quadrant.Star": ("Estrella", "Star"),
    "quadrant.Star.help": ("vende mucho y deja buen margen", "sells a lot at a good margin"),
    "quadrant.Workhorse": ("Caballo de batalla", "Workhorse"),
    "quadrant.Workhorse.help": ("vende mucho, pero deja poco margen",
                                "sells a lot at a thin margin"),
    "quadrant.Cash cow": ("Nicho rentable", "Profitable niche"),
    "quadrant.Cash cow.help": ("vende poco, pero deja buen margen",
                               "sells little at a good margin"),
    "quadrant.Dog": ("Por revisar", "Under review"),
    "quadrant.Dog.help": ("vende poco y deja poco margen", "sells little at a thin margin"),
    "quadrant.none": ("Sin costo conocido", "No known cost"),
    "ops.col.product": ("Producto", "Product"),
    "ops.col.code": ("Código", "Code"),
    "ops.col.quantity": ("Cantidad vendida", "Quantity sold"),
    "ops.col.unit": ("Unidad", "Unit"),
    "ops.col.days_without": ("Días sin venta", "Days without a sale"),
    "ops.features_span": ("Productos según todas tus ventas, del {start} al {end}.",
                          "Products by all your sales, from {start} to {end}."),
    "ops.table": ("Detalle por producto", "Detail by product"),
    "ops.yes": ("Sí", "Yes"),
    "ops.no": ("No", "No"),
    # marketing page (views/marketing.py)
    "mkt.status.active": ("Activos", "Active"),
    "mkt.status.at risk": ("Atrasados", "Overdue"),
    "mkt.status.churned": ("Inactivos", "Inactive"),
    "mkt.status.active.help": ("Compran a su ritmo de siempre.", "Buying at their usual pace."),
    "mkt.status.at risk.help": ("Llevan más de {factor} veces su tiempo habitual entre compras "
                                "sin volver.", "Away for more than {factor} times their usual "
                                "time between purchases."),
    "mkt.status.churned.help": ("Sin compras hace más de {days} días.",
                                "No purchase in more than {days} days."),
    "mkt.status_title": ("Tus clientes hoy", "Your customers today"),
    "mkt.segments_help": ("Cada cliente según cuán reciente fue su última compra y cuántas veces "
                          "ha comprado, comparado con tus otros clientes.", "Each customer by "
                          "how recent their last purchase was and how often they have bought, "
                          "compared with your other customers."),
    "mkt.segments_explained": ("¿Qué significa cada segmento?", "What does each segment mean?"),
    "segment.Champions.help": ("compraron hace poco y compran seguido",
                               "bought recently and buy often"),
    "segment.Loyal.help": ("compran seguido", "buy often"),
    "segment.Potential loyalist.help": ("compraron hace poco y ya han vuelto",
                                        "bought recently and have come back"),
    "segment.New.help": ("hicieron su primera compra hace poco",
                         "made their first purchase recently"),
    "segment.Promising.help": ("compraron hace poco, pero pocas veces",
                               "bought recently, but only a few times"),
    "segment.Need attention.help": ("compran a veces y hace un tiempo que no vuelven",
                                    "buy now and then and have not been back for a while"),
    "segment.About to sleep.help": ("compraron pocas veces y hace un tiempo que no vuelven",
                                    "bought a few times and have not been back for a while"),
    "segment.At risk.help": ("compraban seguido, pero hace tiempo que no vuelven",
                             "used to buy often, but have not been back for long"),
    "segment.Cannot lose.help": ("eran de los que más compraban y hace mucho que no vuelven",
                                 "were among those who bought most and have been away long"),
    "segment.Hibernating.help": ("compraron pocas veces y hace bastante que no vuelven",
                                 "bought a few times and have been away for quite a while"),
    "segment.Lost.help": ("compraron pocas veces y son los que llevan más tiempo sin volver",
                          "bought a few times and have been away the longest"),
    "mkt.cohort_x": ("Meses desde la primera compra", "Months since the first purchase"),
    "mkt.cohort_y": ("Mes de la primera compra", "Month of the first purchase"),
    "mkt.cohort_help": ("Cada fila: los clientes que compraron por primera vez ese mes; cada "
                        "columna: qué porcentaje de ellos volvió a comprar tantos meses después.",
                        "Each row: the customers whose first purchase was that month; each "
                        "column: what share of them bought again that many months later."),
    "mkt.cohort_short": ("La retención aparece cuando hay clientes identificados en al menos dos "
                         "meses.", "Retention shows once there are identified customers in at "
                         "least two months."),
    "mkt.pairs_help": ("Los pares de productos que más se repiten en una misma compra.",
                       "The pairs of products most often bought in the same purchase."),
    "mkt.pair_sentence": ("De cada 100 compras con {a}, {share} llevan también {b}: {lift} lo "
                          "normal, que es {base} de cada 100 compras.", "Of every 100 purchases "
                          "with {a}, {share} also have {b}: {lift} the usual, which is {base} "
                          "in every 100 purchases."),
    "mkt.col.first": ("Si compran", "When they buy"),
    "mkt.col.second": ("También llevan", "They also take"),
    "mkt.col.both": ("Compras con ambos", "Purchases with both"),
    "mkt.col.share": ("De cada 100 con el primero, llevan el segundo",
                      "Of 100 with the first, how many take the second"),
    "mkt.col.base": ("De cada 100 compras, llevan el segundo",
                     "Of 100 purchases, how many take the second"),
    "mkt.col.lift": ("Veces lo normal", "Times the usual"),
    "mkt.col.codes": ("Códigos", "Codes"),
    "mkt.col.r": ("Recencia (1 a 5)", "Recency (1 to 5)"),
    "mkt.col.f": ("Frecuencia (1 a 5)", "Frequency (1 to 5)"),
    "mkt.col.m": ("Monto (1 a 5)", "Spend (1 to 5)"),
    "mkt.scores_help": ("Recencia, frecuencia y monto van de 1 a 5: 5 es el quinto de tus clientes "
                        "que compró más recientemente, más veces o por más dinero.", "Recency, "
                        "frequency and spend go from 1 to 5: 5 is the fifth of your customers "
                        "who bought most recently, most often or for the most money."),
    # benchmarks page (views/benchmarks.py)
    "bench.position": ("Percentil {value}", "Percentile {value}"),
    "bench.above": ("Tu empresa: {value}, más alto que en el {share} de las empresas de tu "
                    "rubro (mediana: {median}).", "Your company: {value}, higher than in {share} "
                    "of the companies of your industry (median: {median})."),
    "bench.top": ("Tu empresa: {value}, el más alto de tu rubro (mediana: {median}).",
                  "Your company: {value}, the highest in your industry (median: {median})."),
    "bench.bottom": ("Tu empresa: {value}, el más bajo de tu rubro (mediana: {median}).",
                     "Your company: {value}, the lowest in your industry (median: {median})."),
    "bench.band": ("Rango del rubro (p25 a p90)", "Industry range (p25 to p90)"),
    "bench.band_help": ("La franja va del percentil 25 al 90 del rubro: una de cada cuatro "
                        "empresas está bajo ella y una de cada diez sobre ella.", "The band goes "
                        "from the industry's 25th to its 90th percentile: one company in four is "
                        "below it and one in ten above it."),
    "bench.compared": ("Comparado con {n} empresas de tu rubro · {period}",
                       "Compared with {n} companies of your industry · {period}"),
    "bench.week_of": ("Semana del {day}", "Week of {day}"),
    "bench.axis.net_sales": ("Ventas del período ($)", "Sales in the period ($)"),
    "bench.axis.avg_ticket": ("Ticket promedio ($)", "Average ticket ($)"),
    "bench.axis.documents": ("Documentos (boletas y facturas)", "Documents (receipts and invoices)"),
    "bench.axis.margin_pct": ("Margen sobre ventas sin IVA (%)", "Margin on sales without VAT (%)"),
    "bench.axis.units_per_document": ("Unidades por documento", "Units per document"),
    "bench.axis.net_sales_prev_pct": ("Ventas vs. período anterior (%)",
                                      "Sales vs. the previous period (%)"),
    "bench.axis.net_sales_yoy_pct": ("Ventas vs. el mismo período del año anterior (%)",
                                     "Sales vs. the same period a year before (%)"),
}


LANGUAGES = {"es": "Español", "en": "English"}


def language() -> str:
    return st.session_state.get("language") or get_settings().language


def language_switch() -> None:
    """The sidebar switch; a logged-in user's choice is saved with their account. The picker
    shows the session's language on every run (after login it becomes the account's), and
    only a choice of the person changes it: comparing the widget's value with the language
    instead would take the picker's stale value for a choice, and save it."""
    st.session_state["language_picker"] = language()
    st.sidebar.selectbox("Idioma / Language", list(LANGUAGES), format_func=LANGUAGES.get,
                         key="language_picker", on_change=_chosen)


def _chosen() -> None:
    chosen = st.session_state["language_picker"]
    st.session_state["language"] = chosen
    user = st.session_state.get("user")
    if user is not None:
        from ayni.core.db import app_tx
        from ayni.usecases import accounts

        with app_tx() as conn:
            accounts.set_language(conn, user.id, chosen)


def industry_label(key: str) -> str:
    return t(f"industry.{key}") if f"industry.{key}" in CATALOGUE else key


def size_label(key: str) -> str:
    return t(f"size.{key}") if f"size.{key}" in CATALOGUE else key


def column_label(name: str) -> str:
    """A table column's header in the user's language (exports included): its metric's
    name, its line field's, or its own entry; an unknown column keeps its name."""
    for prefix in ("metric.", "line.", "col."):
        if prefix + name in CATALOGUE:
            return t(prefix + name)
    return name


def t(key: str, **values: object) -> str:
    es, en = CATALOGUE[key]
    text = es if language() == "es" else en
    return text.format(**values) if values else text

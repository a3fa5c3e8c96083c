"""The words that column headers of sales exports are made of, Spanish and English, by meaning.

`loaders.mapping` reads a header as words (`N° Boleta` -> `num boleta`, `product_sku` ->
`product sku`) and looks each word up here. A word names one of three things:

- an attribute, what the column holds: a date, a code, a name, an amount, a quantity… The
  attribute is the head of the header: in `Código Producto` and `product_sku` it is the code, in
  `Nombre Producto` and `ProductName` the name, in `Total Línea` and `line_total` the total.
- an entity, whose attribute it is: the product, the customer, the document, the seller… It
  decides which field a code or a name feeds (`Código Cliente` is the customer, `Código
  Autorización` nobody).
- a qualifier, which shades the attribute: unit (`Precio Unitario`), with or without IVA, a
  percentage, the date a document was issued or falls due…

Words are written without accents, lower case; plurals are found by dropping `s`/`es` unless the
plural is listed with another meaning (`unidades` is a quantity, `unidad` a unit of measure).
"""

from __future__ import annotations


def _words(groups: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for concept, words in groups.items():
        for word in words.split():
            out.setdefault(word, concept)
    return out


# --- attributes: what the column holds ----------------------------------------------------------

ATTRIBUTES: dict[str, str] = _words({
    "date": "fecha fec fech fch fcha fechahora date datetime timestamp dia day at",
    "time": "hora hr horario time",
    "code": "codigo cod cd cdg code ref referencia reference clave key",
    "number": "num numero nro nr nmr no n number nbr id ident identificador correlativo",
    "name": "nombre nom name descripcion descrip description detalle detail glosa titulo title "
            "denominacion label",
    "total": "total tot monto mto importe amount amt valor value val sum suma revenue "
             "ingreso facturado recaudado",
    "price": "precio prec price pvp tarifa",
    "cost": "costo cost coste cogs cpp",
    "qty": "cantidad cant ctd cdad qty qtty quantity unidades units uds piezas pcs kilos kilo kg "
           "kgs kilogramos gramos gramo gr grs peso weight litros litro lts lt bultos bulto cajas "
           "cases case packs sacos bandejas docenas",
    "discount": "descuento dcto dscto dto discount disc rebaja bonificacion cupon coupon promo "
                "promocion",
    "commission": "comision commission fee cargo arancel",
    "margin": "margen margin utilidad ganancia contribucion profit beneficio markup rentabilidad",
    "stock": "stock existencia inventario inventory saldo onhand disponible available",
    "type": "tipo tp type kind",
    "category": "categoria cat categ category familia fam family rubro seccion section departamento "
                "depto department grupo group subfamilia subcategoria subcategory clase class "
                "coleccion collection",
    "unit": "unidad und ud um uom unit medida measure",
    "tax": "iva impuesto tax vat ila exento exempt",
    "contact": "contacto contact email mail correo telefono phone fono celular movil direccion address domicilio "
               "comuna ciudad city region",
    "status": "estado status situacion",
})

# --- entities: whose attribute it is ------------------------------------------------------------

ENTITIES: dict[str, str] = _words({
    "product": "producto prod product articulo art item material mercaderia goods servicio service "
               "plato publicacion listing",
    "customer": "cliente cli clte customer client cust comprador buyer receptor destinatario "
                "consumidor auxiliar entidad billing facturacion socio",
    "document": "documento doc docto dte boleta factura fact ticket comprobante recibo receipt "
                "invoice inv order orden pedido transaccion transaction txn tx trx operacion "
                "comanda voucher nota guia",
    "sale": "venta sale vendido vendida sold sell selling",
    "line": "linea line renglon",
    # entities whose attributes no canonical field takes
    "seller": "vendedor seller salesperson cajero cashier garzon mesero mozo waiter camarero "
              "usuario user empleado employee operador staff emisor vendor proveedor supplier",
    "place": "sucursal local tienda store shop bodega warehouse deposito branch location ubicacion "
             "caja register terminal pos mesa table comercio merchant empresa company centro "
             "canal channel origen device dispositivo",
    "payment": "pago payment pay tarjeta card cuota installment medio forma metodo method "
               "autorizacion authorization auth digitos digits payout abono transferencia",
    "shipping": "envio shipping despacho flete",
    "tip": "propina tip gratuity",
    "variant": "variante variant talla size color modificador modifier opcion option",
    "refund": "anulacion reembolso refund cancelled cancelado",
    "currency": "moneda currency divisa",
})

# quantities that are also a unit of measure: `Kilos` is how much, `Precio Kilo` per kilo
MEASURES: frozenset[str] = frozenset(
    "kilo kilos kg kgs kilogramos gramos gramo gr grs litros litro lts lt bultos bulto cajas "
    "cases case packs sacos bandejas docenas".split())

# entities that make a header about something no canonical field describes
FOREIGN: frozenset[str] = frozenset({"seller", "place", "payment", "shipping", "tip", "variant",
                                     "refund", "currency"})

# --- qualifiers ---------------------------------------------------------------------------------

QUALIFIERS: dict[str, str] = _words({
    "unitq": "unitario unitaria unit unidad u each ea cu",
    "gross_tax": "bruto bruta con_iva",
    "net_tax": "neto neta sin_iva",
    "gross": "gross",
    "net": "net",
    "money": "money clp pesos",
    "pct": "pct porcentaje percent percentage tasa rate",
    "sub": "subtotal",
    "ext": "ext extended extendido",
    "avg": "promedio prom average avg ponderado",
    "list": "lista list catalogo",
    "issue": "emision emitido emitida created creado creacion",
    "due": "vencimiento venc vence due expiry expiracion",
    "later": "entrega paid pagado fulfilled updated modificacion actualizacion nacimiento birth "
             "registro",
})

# Words with two meanings at once: `sku` is the code of a product, `folio` the number of a
# document, `rut` the tax id of (by default) the customer.
COMPOUNDS: dict[str, tuple[str, ...]] = {
    "sku": ("code", "product"), "ean": ("code", "product"), "ean13": ("code", "product"),
    "plu": ("code", "product"), "isbn": ("code", "product"), "upc": ("code", "product"), "gtin": ("code", "product"),
    "barcode": ("code", "product"), "barra": ("code", "product"),
    "folio": ("number", "document"),
    "rut": ("code", "customer"), "run": ("code", "customer"), "dni": ("code", "customer"),
    "razon_social": ("name", "customer"),
    "lineitem": ("product", "line"),
    "pu": ("price", "unitq"),
    "cogs": ("cost", "total"),
    "centro_costo": ("place",),
    "nota_credito": ("document",),
    "forma_pago": ("payment",),
    "medio_pago": ("payment",),
    "um": ("unit",),
    "ventas": ("sale",), "sales": ("sale",),
    "subtotal": ("total", "sub"),
}

# Words whose meaning is one of two, told apart by the values (`Desc.`: descripción or
# descuento).
AMBIGUOUS: dict[str, tuple[str, ...]] = {"desc": ("name", "discount"), "dsc": ("name", "discount"),
                                         "unid": ("qty", "unit")}

# Two words read as one (after dropping stopwords).
PHRASES: dict[tuple[str, str], str] = {
    ("razon", "social"): "razon_social", ("codigo", "barras"): "barcode",
    ("codigo", "barra"): "barcode", ("cod", "barra"): "barcode", ("cod", "barras"): "barcode",
    ("bar", "code"): "barcode", ("line", "item"): "lineitem", ("unidad", "medida"): "um",
    ("unit", "measure"): "um", ("cost", "goods"): "cogs", ("costo", "venta"): "cogs",
    ("centro", "costo"): "centro_costo", ("cost", "center"): "centro_costo",
    ("nota", "credito"): "nota_credito", ("forma", "pago"): "forma_pago",
    ("medio", "pago"): "medio_pago", ("con", "iva"): "con_iva", ("sin", "iva"): "sin_iva",
    ("iva", "incluido"): "con_iva", ("incl", "iva"): "con_iva", ("inc", "iva"): "con_iva",
    ("on", "hand"): "onhand",
}

# Single letters stand for a word only next to other words (`P. Unit.`, `F. Emisión`): a column
# called `C` says nothing.
LETTERS: dict[str, str] = {"p": "precio", "c": "costo", "v": "valor", "f": "fecha", "u": "u",
                           "n": "num"}

STOPWORDS: frozenset[str] = frozenset(
    "de del la el los las lo en por y e a al o un una of the per for in to and with from by".split())

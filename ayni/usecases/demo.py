"""Synthetic sales of Chilean PYMEs, shaped like a real POS export.

`generate_lines` returns canonical transaction lines (docs/PRODUCT.md) for one demo
company: multi-line boletas and facturas, credit notes that undo earlier sales,
repeat and churning customers with valid RUTs, Chilean seasonality and public
holidays, products sold by weight, promotions and a stock that runs down and is
replenished. Everything is vectorised with numpy; the only Python loops run
per company, per day, per customer or per catalogue entry, never per line.

The numbers are invented but plausible (prices in CLP of 2025). They drive the
demo (`ayni demo`), the benchmarks and the tests, so they are deterministic:
the same company (seed) and range always give the same lines. The range is the
caller's: `default_range(today)` ends with the month before `today`; benches and
tests pass a fixed day (`REFERENCE_DATE`), never the machine's date.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import holidays
import numpy as np
import pandas as pd
from stdnum.cl import rut as cl_rut

from ayni.core import clock
from ayni.core.canonical import NAMES as COLUMNS
from ayni.core.db import Role, engine
from ayni.core.settings import get_settings
from ayni.usecases import companies, ingest

UNIT = "Unidad"
KG = "Kilogramos"
BOLETA, FACTURA, NOTA_CREDITO = "BoletaElectronica", "FacturaElectronica", "NotaCredito"
DOC_TYPES = np.array([BOLETA, FACTURA, NOTA_CREDITO], dtype=object)

# Days most businesses close; the other public holidays only slow trade down.
MAJOR_HOLIDAYS = frozenset({(1, 1), (5, 1), (9, 18), (9, 19), (12, 25)})
# Eves of the big celebrations: people stock up.
EVES = frozenset({(9, 17), (12, 24), (12, 31)})

SIZES: dict[str, tuple[float, float]] = {  # mean documents per day, before the industry factor
    "micro": (3.0, 6.0),
    "small": (6.0, 11.0),
    "medium": (11.0, 18.0),
    "large": (18.0, 28.0),
}


@dataclass(frozen=True)
class Product:
    sku: str
    description: str
    category: str
    unit_type: str  # UNIT or KG
    price: int  # list price, CLP with IVA, per unit or per kg
    cost: int  # unit cost, CLP
    weight: float = 1.0  # relative popularity
    qty: float = 0.1  # KG: typical kilograms per line; UNIT: mean extra units per line


@dataclass(frozen=True)
class Industry:
    label: str
    prefixes: tuple[str, ...]  # business name prefixes
    products: tuple[Product, ...]
    hours: tuple[int, int]  # open, close (exclusive), local time
    peaks: tuple[float, ...]  # busiest hours of the day
    weekday: tuple[float, ...]  # Monday..Sunday
    monthly: tuple[float, ...]  # January..December
    volume: float = 1.0  # documents per day relative to SIZES
    lines_mean: float = 2.0  # lines per boleta; facturas carry more
    factura_share: float = 0.05
    customer_share: float = 0.25  # boletas that carry the buyer's RUT
    return_rate: float = 0.012  # credit notes per sale document
    major_holiday: float = 0.4  # volume on a major holiday for a business that opens
    closed_on_major: float = 0.5  # share of businesses closed on major holidays
    minor_holiday: float = 0.7
    eve_boost: float = 1.3
    commission_rate: float = 0.0  # sales commission on facturas
    season: dict[str, dict[int, float]] = field(default_factory=dict)  # category -> month -> factor
    pairs: tuple[tuple[str, str], ...] = ()  # products often bought together
    untracked: frozenset[str] = frozenset()  # categories without stock (made to order)


def _catalogue(prefix: str, rows: list[tuple]) -> tuple[Product, ...]:
    """Number SKUs like "PAN-1001" in order; rows are Product fields after the SKU."""
    return tuple(Product(f"{prefix}-{1001 + i}", *row) for i, row in enumerate(rows))


def _p(
    desc: str, cat: str, price: int, cost: int, w: float = 1.0, q: float = 0.1, unit: str = UNIT
) -> tuple:
    return (desc, cat, unit, price, cost, w, q)


def _kg(desc: str, cat: str, price: int, cost: int, w: float = 1.0, q: float = 0.5) -> tuple:
    return (desc, cat, KG, price, cost, w, q)


MINIMARKET = _catalogue("MIN", [
    _kg("Pan marraqueta", "Panadería", 2290, 1380, 12, 0.7),
    _kg("Pan hallulla", "Panadería", 2390, 1450, 8, 0.6),
    _p("Pan de molde blanco 680 g", "Panadería", 2490, 1790, 2),
    _p("Leche entera 1 L", "Lácteos", 1190, 930, 6, 0.6),
    _p("Yogur batido 125 g", "Lácteos", 390, 260, 3, 1.5),
    _p("Mantequilla 250 g", "Lácteos", 2890, 2150, 2),
    _kg("Queso gauda laminado", "Fiambrería", 10990, 7900, 4, 0.25),
    _kg("Jamón de pavo", "Fiambrería", 8990, 6300, 4, 0.25),
    _p("Huevos color 12 un", "Lácteos", 3590, 2790, 3),
    _kg("Palta Hass", "Frutas y verduras", 4990, 3300, 6, 0.6),
    _kg("Tomate", "Frutas y verduras", 1990, 1150, 5, 0.8),
    _kg("Plátano", "Frutas y verduras", 1490, 900, 4, 1.0),
    _kg("Papa", "Frutas y verduras", 1290, 700, 4, 1.6),
    _kg("Cebolla", "Frutas y verduras", 1190, 650, 3, 0.8),
    _kg("Limón", "Frutas y verduras", 1990, 1100, 2, 0.5),
    _kg("Manzana roja", "Frutas y verduras", 1690, 1000, 2, 1.0),
    _p("Lechuga escarola", "Frutas y verduras", 1290, 750, 2),
    _p("Arroz grado 1 1 kg", "Abarrotes", 1690, 1250, 3),
    _p("Fideos spaghetti 400 g", "Abarrotes", 990, 640, 3, 0.4),
    _p("Salsa de tomate 200 g", "Abarrotes", 590, 380, 2, 0.5),
    _p("Aceite maravilla 1 L", "Abarrotes", 2790, 2150, 2),
    _p("Azúcar 1 kg", "Abarrotes", 1390, 1210, 2),
    _p("Harina sin polvos 1 kg", "Abarrotes", 1290, 920, 1.5),
    _p("Té negro 100 bolsitas", "Abarrotes", 2890, 2050, 1.5),
    _p("Café instantáneo 170 g", "Abarrotes", 6490, 4800, 1),
    _p("Atún lomitos en aceite 170 g", "Abarrotes", 1690, 1150, 1.5, 0.3),
    _p("Mayonesa 380 g", "Abarrotes", 2190, 1550, 1.5),
    _p("Sal fina 1 kg", "Abarrotes", 590, 350, 0.8),
    _p("Bebida cola 3 L", "Bebidas", 3290, 2350, 7),
    _p("Bebida cola 1,5 L", "Bebidas", 2190, 1550, 4),
    _p("Agua mineral sin gas 1,6 L", "Bebidas", 1090, 650, 3, 0.3),
    _p("Néctar de durazno 1,5 L", "Bebidas", 1490, 990, 2),
    _p("Jugo en polvo sobre", "Bebidas", 190, 110, 2, 1.5),
    _p("Cerveza lager lata 470 cc", "Alcoholes", 1090, 780, 3, 2.5),
    _p("Vino tinto cabernet 750 cc", "Alcoholes", 4490, 3100, 1.5),
    _p("Papas fritas 180 g", "Snacks y dulces", 2290, 1500, 3),
    _p("Galletas de vino 150 g", "Snacks y dulces", 890, 560, 2.5, 0.3),
    _p("Chocolate de leche 100 g", "Snacks y dulces", 1490, 990, 2),
    _p("Helado paleta", "Helados", 890, 540, 2, 0.6),
    _p("Helado 1 L", "Helados", 3990, 2600, 1),
    _p("Vienesas 20 un", "Fiambrería", 3490, 2500, 2),
    _kg("Longaniza parrillera", "Parrilla", 7990, 5600, 1, 0.5),
    _p("Carbón vegetal 2,5 kg", "Parrilla", 3990, 2700, 1),
    _p("Papel higiénico 4 rollos", "Aseo y hogar", 2490, 1800, 2),
    _p("Detergente líquido 3 L", "Aseo y hogar", 8990, 6600, 0.8),
    _p("Lavaloza 750 ml", "Aseo y hogar", 1790, 1200, 1.2),
    _p("Cloro 1 L", "Aseo y hogar", 990, 620, 1.2),
    _p("Cigarrillos 20 un", "Cigarrillos", 5600, 5250, 3),
])

FERRETERIA = _catalogue("FER", [
    _p("Cemento 25 kg", "Construcción", 5990, 5100, 6, 1.0),
    _p("Yeso 25 kg", "Construcción", 5490, 4100, 2),
    _p("Fierro estriado 8 mm x 6 m", "Construcción", 4990, 4000, 2, 2.0),
    _p("Plancha OSB 9 mm", "Maderas", 12990, 10400, 2, 1.0),
    _p("Volcanita 10 mm 1,2 x 2,4 m", "Maderas", 7990, 6300, 2, 1.5),
    _p("Pino cepillado 2x3\" x 3,2 m", "Maderas", 3990, 3100, 3, 3.0),
    _kg("Clavo corriente 2\"", "Fijaciones", 2490, 1500, 5, 0.5),
    _kg("Clavo corriente 3\"", "Fijaciones", 2490, 1500, 4, 0.6),
    _kg("Alambre negro N°18", "Fijaciones", 2990, 2000, 2, 0.4),
    _p("Tornillo volcanita 6x1\" caja 100 un", "Fijaciones", 2990, 1800, 4),
    _p("Tarugo plástico 8 mm bolsa 50 un", "Fijaciones", 1490, 700, 3),
    _p("Pintura látex blanco 1 galón", "Pinturas", 14990, 10200, 4),
    _p("Esmalte sintético 1/4 galón", "Pinturas", 6990, 4700, 2),
    _p("Brocha 2\"", "Pinturas", 1490, 850, 3),
    _p("Rodillo 9\"", "Pinturas", 3490, 2100, 2.5),
    _p("Diluyente 1 L", "Pinturas", 2990, 1900, 2),
    _p("Cinta aisladora", "Electricidad", 1290, 650, 3),
    _p("Ampolleta LED 9 W", "Electricidad", 1490, 800, 4, 1.0),
    _p("Enchufe doble", "Electricidad", 2490, 1400, 2),
    _p("Interruptor simple", "Electricidad", 1990, 1100, 2),
    _p("Cable eléctrico 1,5 mm rollo 10 m", "Electricidad", 6990, 4800, 2),
    _p("Extensión eléctrica 5 m", "Electricidad", 5990, 3600, 1.5),
    _p("Pilas AA 4 un", "Electricidad", 2990, 1800, 2),
    _p("Llave de paso 1/2\"", "Gasfitería", 5990, 3900, 1.5),
    _p("Teflón", "Gasfitería", 490, 200, 3),
    _p("Tubo PVC 110 mm x 6 m", "Gasfitería", 12990, 9600, 1),
    _p("Codo PVC 40 mm", "Gasfitería", 590, 300, 2, 1.0),
    _p("Adhesivo PVC 240 cc", "Gasfitería", 3490, 2300, 1.5),
    _p("Silicona transparente 280 ml", "Gasfitería", 3990, 2600, 2),
    _p("Martillo carpintero 16 oz", "Herramientas", 8990, 5600, 1),
    _p("Alicate universal 8\"", "Herramientas", 6990, 4300, 1),
    _p("Huincha de medir 5 m", "Herramientas", 4990, 2900, 1),
    _p("Disco de corte 4 1/2\"", "Herramientas", 1290, 650, 3, 1.0),
    _p("Broca concreto 8 mm", "Herramientas", 1990, 1050, 2),
    _p("Lija al agua N°120", "Herramientas", 590, 290, 2, 2.0),
    _p("Guantes de trabajo", "Seguridad", 2490, 1300, 2),
    _p("Candado 40 mm", "Seguridad", 5990, 3800, 1),
    _p("Manguera de jardín 15 m", "Jardín", 12990, 8200, 1),
    _p("Tierra de hojas 50 L", "Jardín", 3990, 2300, 1.5, 0.5),
])

CAFETERIA = _catalogue("CAF", [
    _p("Café americano", "Cafetería", 2200, 550, 8),
    _p("Café cortado", "Cafetería", 2500, 650, 7),
    _p("Capuccino", "Cafetería", 2990, 800, 6),
    _p("Latte", "Cafetería", 2990, 850, 5),
    _p("Té de hierbas", "Cafetería", 1600, 300, 3),
    _p("Chocolate caliente", "Cafetería", 2900, 850, 2),
    _p("Jugo natural", "Bebidas frías", 3200, 1200, 3),
    _p("Limonada menta jengibre", "Bebidas frías", 3290, 900, 2),
    _p("Frappé de café", "Bebidas frías", 3990, 1100, 2),
    _p("Agua mineral 500 ml", "Bebidas", 1500, 500, 2),
    _p("Bebida lata 350 ml", "Bebidas", 1500, 650, 2),
    _p("Medialuna", "Pastelería", 1200, 450, 6, 0.5),
    _p("Croissant jamón queso", "Pastelería", 3490, 1400, 3),
    _p("Kuchen de frambuesa trozo", "Pastelería", 2990, 1000, 3),
    _p("Torta tres leches trozo", "Pastelería", 3490, 1200, 3),
    _p("Queque marmoleado trozo", "Pastelería", 1990, 600, 2),
    _p("Alfajor", "Pastelería", 1290, 550, 2),
    _p("Galleta de avena", "Pastelería", 990, 350, 2),
    _p("Sándwich ave palta", "Cocina", 5990, 2600, 4),
    _p("Sándwich Barros Luco", "Cocina", 6490, 3000, 3),
    _p("Tostadas con palta", "Cocina", 3990, 1500, 3),
    _p("Empanada de pino", "Cocina", 2990, 1200, 3, 0.3),
    _p("Empanada de queso", "Cocina", 2490, 950, 2, 0.3),
    _p("Desayuno completo", "Cocina", 6990, 2900, 2),
    _p("Café en grano 250 g", "Almacén", 8990, 5400, 1),
    _kg("Café de grano a granel", "Almacén", 32000, 19000, 0.5, 0.25),
    _p("Pan de pascua 500 g", "Temporada", 5990, 2400, 1),
])

LIBRERIA = _catalogue("LIB", [
    _p("Cuaderno universitario 100 hojas", "Escolar", 1990, 1150, 6, 0.8),
    _p("Cuaderno college 80 hojas", "Escolar", 1290, 720, 5, 0.8),
    _p("Lápiz grafito HB", "Escolar", 290, 120, 5, 0.8),
    _p("Lápiz pasta azul", "Escolar", 350, 150, 5, 0.6),
    _p("Goma de borrar", "Escolar", 390, 150, 3),
    _p("Sacapuntas", "Escolar", 490, 190, 2),
    _p("Regla 30 cm", "Escolar", 690, 300, 2),
    _p("Block de dibujo N°99 1/8", "Arte", 1590, 900, 3),
    _p("Témpera 12 colores", "Arte", 2990, 1700, 2),
    _p("Lápices de colores 12 un", "Arte", 2490, 1400, 3),
    _p("Plasticina 12 colores", "Arte", 1490, 800, 2),
    _p("Pegamento en barra 21 g", "Escolar", 1290, 650, 3),
    _p("Tijera escolar", "Escolar", 1490, 750, 2),
    _p("Carpeta con acoclip", "Escolar", 790, 380, 2),
    _p("Forro plástico cuaderno", "Escolar", 290, 110, 3, 1.5),
    _p("Papel lustre 16x16 50 hojas", "Arte", 590, 290, 2),
    _p("Cartulina color 50x70", "Arte", 390, 170, 2, 1.5),
    _p("Resma carta 500 hojas", "Oficina", 4990, 4150, 4, 0.5),
    _p("Resma oficio 500 hojas", "Oficina", 5490, 4550, 2, 0.5),
    _p("Destacador amarillo", "Oficina", 790, 350, 2),
    _p("Corrector líquido", "Oficina", 990, 450, 1.5),
    _p("Archivador lomo ancho", "Oficina", 2990, 1700, 1.5, 0.5),
    _p("Sobre carta blanco", "Oficina", 150, 60, 1.5, 3.0),
    _p("Calculadora científica", "Oficina", 12990, 8200, 0.5),
    _p("Pendrive 32 GB", "Oficina", 6990, 4500, 0.8),
    _p("Mochila escolar", "Escolar", 19990, 11000, 0.8),
    _p("Estuche", "Escolar", 3990, 2000, 1),
    _p("Fotocopia B/N", "Servicios", 50, 15, 6, 10.0),
    _p("Impresión color", "Servicios", 300, 90, 3, 3.0),
    _p("Anillado", "Servicios", 1500, 400, 1.5),
    _p("Tarjeta de saludo", "Regalos", 1990, 800, 1),
    _p("Papel de regalo pliego", "Regalos", 690, 250, 1.5, 0.5),
])

FARMACIA = _catalogue("FAR", [
    _p("Paracetamol 500 mg 16 comp", "Medicamentos", 990, 350, 8),
    _p("Ibuprofeno 400 mg 20 comp", "Medicamentos", 1990, 700, 6),
    _p("Loratadina 10 mg 30 comp", "Medicamentos", 2490, 800, 4),
    _p("Omeprazol 20 mg 30 cáps", "Medicamentos", 2990, 900, 3),
    _p("Losartán 50 mg 30 comp", "Crónicos", 3490, 1100, 4),
    _p("Metformina 850 mg 30 comp", "Crónicos", 2990, 950, 3),
    _p("Atorvastatina 20 mg 30 comp", "Crónicos", 4990, 1600, 3),
    _p("Amoxicilina 500 mg 21 cáps", "Medicamentos", 5990, 2200, 2),
    _p("Salbutamol inhalador 100 mcg", "Medicamentos", 6990, 3800, 1.5),
    _p("Antigripal día y noche 12 comp", "Resfrío", 4990, 2200, 3),
    _p("Jarabe para la tos 120 ml", "Resfrío", 6490, 3100, 2),
    _p("Pastillas para la garganta", "Resfrío", 3990, 1800, 2),
    _p("Vitamina C 1 g efervescente 10 comp", "Resfrío", 3490, 1600, 2),
    _p("Suero oral 500 ml", "Medicamentos", 1990, 900, 1.5),
    _p("Protector solar FPS 50 200 ml", "Solar", 14990, 8500, 1.5),
    _p("Repelente de insectos 200 ml", "Solar", 4990, 2700, 1),
    _p("Crema hidratante 400 ml", "Dermocosmética", 7990, 4200, 1.5),
    _p("Shampoo 400 ml", "Cuidado personal", 4490, 2600, 2),
    _p("Pasta dental 90 g", "Cuidado personal", 1990, 1100, 3),
    _p("Cepillo dental", "Cuidado personal", 1490, 650, 2),
    _p("Alcohol gel 500 ml", "Cuidado personal", 2990, 1300, 2),
    _p("Mascarillas 10 un", "Cuidado personal", 1990, 700, 1.5),
    _p("Preservativos 3 un", "Cuidado personal", 2990, 1400, 1.5),
    _p("Pañales talla G 40 un", "Bebé", 14990, 12400, 2),
    _p("Toallas húmedas 80 un", "Bebé", 2490, 1500, 2),
    _p("Leche de fórmula etapa 1 800 g", "Bebé", 19990, 17300, 1),
    _p("Termómetro digital", "Insumos", 4990, 2300, 0.8),
    _p("Parches curita 20 un", "Insumos", 1690, 700, 2),
    _p("Apósitos de gasa 10 un", "Insumos", 1290, 500, 1.5),
    _p("Algodón 100 g", "Insumos", 1490, 700, 1.5),
    _p("Test de embarazo", "Insumos", 3990, 1700, 1),
])

INDUSTRIES: dict[str, Industry] = {
    "minimarket": Industry(
        label="Minimarket", prefixes=("Minimarket", "Almacén", "Minimarket"),
        products=MINIMARKET, hours=(8, 22), peaks=(12.5, 19.5),
        weekday=(0.92, 0.9, 0.95, 1.0, 1.15, 1.25, 0.83),
        monthly=(0.92, 0.85, 0.98, 0.97, 0.98, 0.95, 0.97, 0.98, 1.08, 1.0, 1.02, 1.22),
        volume=1.0, lines_mean=2.3, factura_share=0.03, customer_share=0.25,
        return_rate=0.012, major_holiday=0.45, closed_on_major=0.35, minor_holiday=0.65,
        eve_boost=1.5,
        season={
            "Helados": {12: 1.6, 1: 2.0, 2: 1.8, 3: 1.3, 6: 0.4, 7: 0.4, 8: 0.5},
            "Parrilla": {9: 4.0, 12: 1.6, 1: 1.5, 2: 1.3, 6: 0.4, 7: 0.4},
            "Bebidas": {12: 1.2, 1: 1.3, 2: 1.2, 6: 0.85, 7: 0.85},
            "Alcoholes": {9: 1.6, 12: 1.5},
        },
        pairs=(("Pan marraqueta", "Palta Hass"), ("Pan hallulla", "Jamón de pavo"),
               ("Bebida cola 3 L", "Papas fritas 180 g"),
               ("Fideos spaghetti 400 g", "Salsa de tomate 200 g"),
               ("Carbón vegetal 2,5 kg", "Longaniza parrillera"),
               ("Pan marraqueta", "Queso gauda laminado")),
    ),
    "ferreteria": Industry(
        label="Ferretería", prefixes=("Ferretería",), products=FERRETERIA,
        hours=(9, 19), peaks=(10.5, 16.0),
        weekday=(1.1, 1.05, 1.05, 1.05, 1.1, 1.0, 0.25),
        monthly=(1.0, 0.8, 0.95, 0.97, 0.92, 0.85, 0.85, 0.93, 1.05, 1.12, 1.15, 1.15),
        volume=0.65, lines_mean=1.9, factura_share=0.25, customer_share=0.15,
        return_rate=0.02, major_holiday=0.3, closed_on_major=0.85, minor_holiday=0.55,
        eve_boost=1.0, commission_rate=0.02,
        season={"Jardín": {10: 1.5, 11: 1.7, 12: 1.7, 1: 1.5, 5: 0.5, 6: 0.4, 7: 0.4},
                "Pinturas": {9: 1.3, 10: 1.3, 11: 1.2, 6: 0.8, 7: 0.8}},
        pairs=(("Pintura látex blanco 1 galón", "Rodillo 9\""),
               ("Tarugo plástico 8 mm bolsa 50 un", "Tornillo volcanita 6x1\" caja 100 un"),
               ("Tubo PVC 110 mm x 6 m", "Adhesivo PVC 240 cc"),
               ("Esmalte sintético 1/4 galón", "Diluyente 1 L"),
               ("Cemento 25 kg", "Fierro estriado 8 mm x 6 m")),
    ),
    "cafeteria": Industry(
        label="Cafetería", prefixes=("Café", "Cafetería"), products=CAFETERIA,
        hours=(7, 20), peaks=(8.5, 13.5, 17.0),
        weekday=(1.05, 1.0, 1.0, 1.05, 1.1, 0.95, 0.6),
        monthly=(0.85, 0.7, 1.0, 1.05, 1.05, 1.05, 1.0, 1.05, 0.95, 1.05, 1.05, 1.1),
        volume=1.3, lines_mean=2.1, factura_share=0.02, customer_share=0.12,
        return_rate=0.009, major_holiday=0.5, closed_on_major=0.7, minor_holiday=0.8,
        eve_boost=1.1,
        season={"Bebidas frías": {12: 1.8, 1: 2.0, 2: 1.8, 3: 1.3, 6: 0.4, 7: 0.4, 8: 0.5},
                "Temporada": {m: 0.03 for m in range(1, 11)} | {11: 1.0, 12: 8.0}},
        pairs=(("Café cortado", "Medialuna"), ("Capuccino", "Kuchen de frambuesa trozo"),
               ("Té de hierbas", "Queque marmoleado trozo"), ("Latte", "Croissant jamón queso"),
               ("Jugo natural", "Sándwich ave palta")),
        untracked=frozenset({"Cafetería", "Bebidas frías", "Cocina"}),
    ),
    "libreria": Industry(
        label="Librería", prefixes=("Librería",), products=LIBRERIA,
        hours=(9, 19), peaks=(11.0, 17.0),
        weekday=(1.1, 1.05, 1.05, 1.05, 1.05, 0.7, 0.0),
        monthly=(0.6, 1.5, 1.9, 1.05, 0.9, 0.85, 0.8, 0.85, 0.8, 0.85, 0.9, 1.2),
        volume=0.8, lines_mean=2.2, factura_share=0.12, customer_share=0.15,
        return_rate=0.015, major_holiday=0.3, closed_on_major=0.9, minor_holiday=0.5,
        eve_boost=1.2,
        season={"Escolar": {2: 2.5, 3: 3.0, 12: 0.6, 1: 0.6}, "Arte": {2: 1.8, 3: 2.2},
                "Regalos": {12: 3.0, 5: 1.5}},
        pairs=(("Cuaderno universitario 100 hojas", "Forro plástico cuaderno"),
               ("Lápiz grafito HB", "Goma de borrar"),
               ("Tarjeta de saludo", "Papel de regalo pliego"),
               ("Block de dibujo N°99 1/8", "Témpera 12 colores")),
    ),
    "farmacia": Industry(
        label="Farmacia", prefixes=("Farmacia",), products=FARMACIA,
        hours=(9, 21), peaks=(12.0, 18.5),
        weekday=(1.05, 1.0, 1.0, 1.0, 1.05, 1.0, 0.75),
        monthly=(0.9, 0.85, 0.95, 1.0, 1.1, 1.2, 1.2, 1.1, 0.95, 0.95, 0.95, 1.05),
        volume=0.9, lines_mean=1.7, factura_share=0.02, customer_share=0.45,
        return_rate=0.01, major_holiday=0.6, closed_on_major=0.3, minor_holiday=0.8,
        eve_boost=1.1,
        season={"Resfrío": {5: 1.8, 6: 2.5, 7: 2.5, 8: 1.8, 12: 0.4, 1: 0.3, 2: 0.3},
                "Solar": {12: 2.5, 1: 3.0, 2: 2.5, 3: 1.2, 6: 0.2, 7: 0.2}},
        pairs=(("Antigripal día y noche 12 comp", "Pastillas para la garganta"),
               ("Pañales talla G 40 un", "Toallas húmedas 80 un"),
               ("Losartán 50 mg 30 comp", "Atorvastatina 20 mg 30 comp"),
               ("Pasta dental 90 g", "Cepillo dental")),
    ),
}

NAME_PARTS = (
    "Los Aromos", "El Roble", "Don Pepe", "La Esquina", "Santa Rosa", "Las Palmas",
    "Doña Juanita", "El Quillay", "Los Copihues", "San Martín", "Los Boldos", "El Maitén",
    "La Araucaria", "Don Lucho", "Las Lilas", "El Almendro", "Los Andes", "La Estrella",
    "Plaza Ñuñoa", "El Canelo", "Villa Alegre", "Los Peumos", "Cerro Alegre", "La Vega",
)
# Sizes of the 1st, 2nd, … company of an industry: mostly micro and small, as in Chile.
SIZE_CYCLE = ("small", "micro", "medium", "small", "micro", "large",
              "small", "medium", "micro", "small", "micro", "medium")
DEFAULT_COUNTS = {"minimarket": 12, "ferreteria": 4, "cafeteria": 3, "libreria": 3, "farmacia": 4}


@dataclass(frozen=True)
class DemoCompany:
    name: str
    rut: str
    industry: str
    size: str
    daily_documents: float
    seed: int


def _rut(body: int) -> str:
    return f"{body}-{cl_rut.calc_check_digit(str(body))}"


def demo_companies(
    n_per_industry: dict[str, int] | None = None, seed: int = 7
) -> list[DemoCompany]:
    """Demo companies: by default 12 minimarkets (enough for benchmarks) and 3-4 of four others."""
    counts = DEFAULT_COUNTS if n_per_industry is None else n_per_industry
    unknown = set(counts) - set(INDUSTRIES)
    if unknown:
        raise ValueError(f"unknown industries: {sorted(unknown)}")
    rng = np.random.default_rng(seed)
    total = sum(counts.values())
    bodies = rng.choice(np.arange(76_000_000, 78_000_000), size=total, replace=False)
    companies: list[DemoCompany] = []
    for industry, n in counts.items():
        spec = INDUSTRIES[industry]
        parts = rng.permutation(len(NAME_PARTS))
        for i in range(n):
            part = NAME_PARTS[parts[i % len(parts)]]
            if i >= len(parts):  # more shops than names: "Los Aromos 2"
                part += f" {i // len(parts) + 1}"
            size = SIZE_CYCLE[i % len(SIZE_CYCLE)]
            low, high = SIZES[size]
            companies.append(DemoCompany(
                name=f"{spec.prefixes[i % len(spec.prefixes)]} {part}",
                rut=_rut(int(bodies[len(companies)])),
                industry=industry,
                size=size,
                daily_documents=round(float(rng.uniform(low, high)) * spec.volume, 1),
                seed=int(rng.integers(2**31)),
            ))
    return companies


# The day benches and tests generate their lines as of (`default_range(REFERENCE_DATE)`):
# the same lines whatever day they run. The demo of a real user ends last month instead.
REFERENCE_DATE = date(2026, 11, 30)


def default_range(today: date | None = None) -> tuple[date, date]:
    """The 13 full months that end with the last complete month before `today` (default:
    today in Chile; benches and tests pass `REFERENCE_DATE` or a date of their own)."""
    today = today or clock.today()
    end = today.replace(day=1) - timedelta(days=1)
    months = end.year * 12 + end.month - 1 - 12
    return date(months // 12, months % 12 + 1, 1), end


# ---------------------------------------------------------------------------
# Company profile: what stays the same whatever range is generated.


@dataclass(frozen=True)
class _Profile:
    spec: Industry
    weekday: np.ndarray  # 7 factors (Monday first), mean 1 over the week
    weights: np.ndarray  # product popularity, 0 = not carried
    price: np.ndarray  # list price at the reference month
    cost: np.ndarray
    phase: np.ndarray  # month of the yearly price revision of each product
    growth: float  # yearly growth of volume
    closed_on_major: bool
    customer_share: float
    tracks_stock: bool
    folio_start: int
    hours: np.ndarray  # cumulative distribution over the 24 hours of the day


_INFLATION = 0.045  # yearly; prices are revised once a year per product
_REF_MONTH = (2025 - 1970) * 12  # catalogue prices are those of January 2025 (months since 1970)


def _profile(company: DemoCompany) -> _Profile:
    spec = INDUSTRIES[company.industry]
    rng = np.random.default_rng([company.seed, 0])
    n = len(spec.products)
    base_w = np.array([p.weight for p in spec.products])
    carried = rng.random(n) < rng.uniform(0.75, 1.0)
    carried[np.argsort(-base_w)[:5]] = True  # every shop sells the staples
    weights = base_w * rng.lognormal(0.0, 0.4, n) * carried
    level = rng.uniform(0.92, 1.1)  # a shop's prices sit above or below the market
    noise = rng.uniform(0.96, 1.05, n)
    price = np.array([p.price for p in spec.products]) * level * noise
    cost = np.array([p.cost for p in spec.products]) * rng.uniform(0.97, 1.03, n)
    weekday = np.array(spec.weekday) * rng.uniform(0.95, 1.05, 7)
    if company.size == "micro" and rng.random() < 0.3:
        weekday[6] = 0.0  # many small shops rest on Sunday
    weekday = weekday / weekday.mean()
    hour = np.arange(24) + 0.5
    bumps = sum(np.exp(-0.5 * ((hour - pk) / 1.5) ** 2) for pk in spec.peaks)
    open_ = (hour > spec.hours[0]) & (hour < spec.hours[1])
    hour_w = (0.25 + bumps) * open_
    return _Profile(
        spec=spec,
        weekday=weekday,
        weights=weights,
        price=price,
        cost=cost,
        phase=rng.integers(0, 12, n),
        growth=float(np.clip(rng.normal(0.05, 0.1), -0.2, 0.3)),
        closed_on_major=bool(rng.random() < spec.closed_on_major),
        customer_share=float(spec.customer_share * rng.uniform(0.7, 1.3)),
        tracks_stock=bool(rng.random() < 0.85),
        folio_start=int(rng.integers(1_000, 400_000)),
        hours=np.cumsum(hour_w / hour_w.sum()),
    )


def _days(start: date, end: date) -> np.ndarray:
    return np.arange(np.datetime64(start, "D"), np.datetime64(end, "D") + 1)


def _day_rate(company: DemoCompany, prof: _Profile, days: np.ndarray) -> np.ndarray:
    """Expected documents on each day: size x weekday x month x holiday x trend."""
    spec = prof.spec
    if len(days) == 0:
        return np.zeros(0)
    dow = (days.astype("int64") + 3) % 7  # 1970-01-01 was a Thursday
    month = days.astype("datetime64[M]").astype("int64") % 12  # 0 = January
    mday = (days - days.astype("datetime64[M]")).astype("int64") + 1
    rate = company.daily_documents * prof.weekday[dow] * np.array(spec.monthly)[month]
    years = range(int(str(days[0])[:4]), int(str(days[-1])[:4]) + 1)
    feriados = np.array(sorted(holidays.country_holidays("CL", years=years)), dtype="datetime64[D]")
    is_holiday = np.isin(days, feriados)
    md = list(zip((month + 1).tolist(), mday.tolist()))
    is_major = np.array([m in MAJOR_HOLIDAYS for m in md], dtype=bool)
    is_eve = np.array([m in EVES for m in md], dtype=bool) & ~is_holiday
    major = 0.0 if prof.closed_on_major else spec.major_holiday
    factor = np.where(is_major, major, np.where(is_holiday, spec.minor_holiday, 1.0))
    factor = np.where(is_eve, spec.eve_boost, factor)
    mid = days[len(days) // 2]
    trend = np.exp(prof.growth * (days - mid).astype("int64") / 365.0)
    return rate * factor * trend


def _lines_per_doc(mean: float, cap: int) -> float:
    """E[min(G, cap)] for G geometric on 1, 2, … with mean `mean`."""
    return (1 - (1 - 1 / mean) ** cap) / (1 / mean)


def _max_lines(prof: _Profile) -> int:
    return int(min(12, (prof.weights > 0).sum()))


def expected_lines(company: DemoCompany, start: date, end: date) -> float:
    """Lines `generate_lines` yields on average for this company and range."""
    prof = _profile(company)
    docs = _day_rate(company, prof, _days(start, end)).sum()
    spec, cap = prof.spec, _max_lines(prof)
    per_doc = (1 - spec.factura_share) * _lines_per_doc(spec.lines_mean, cap) + (
        spec.factura_share * _lines_per_doc(spec.lines_mean * 1.4, cap)
    )
    return float(docs * (per_doc + spec.return_rate))


def scale_for_lines(
    companies: list[DemoCompany], start: date, end: date, total_lines: int
) -> list[DemoCompany]:
    """Copies of `companies` with volumes scaled so that together they yield about `total_lines`."""
    expected = sum(expected_lines(c, start, end) for c in companies)
    if expected <= 0:
        return list(companies)
    k = total_lines / expected
    return [replace(c, daily_documents=c.daily_documents * k) for c in companies]


# ---------------------------------------------------------------------------
# Generation.


def _sample(cdf: np.ndarray, u: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
    """Inverse-CDF sampling; with `rows`, each draw uses its own row of a 2-D `cdf`."""
    if rows is None:
        return np.minimum(np.searchsorted(cdf, u, side="right"), len(cdf) - 1)
    n = cdf.shape[1]
    flat = (cdf + np.arange(cdf.shape[0])[:, None]).ravel()  # rows stacked on [r, r+1)
    idx = np.searchsorted(flat, rows + u, side="right") - rows * n
    return np.minimum(idx, n - 1)


def _minutes(rng: np.random.Generator, prof: _Profile, n: int) -> np.ndarray:
    """Minute of the day of `n` documents, following the shop's busy hours."""
    return _sample(prof.hours, rng.random(n)) * 60 + rng.integers(0, 60, n)


def _cdf(w: np.ndarray) -> np.ndarray:
    c = np.cumsum(w, axis=-1) / np.sum(w, axis=-1, keepdims=True)
    c[..., -1] = 1.0
    return c


def _customers(
    rng: np.random.Generator, n: int, n_days: int, low: int, high: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A pool of customers: RUT, purchase weight (heavy tailed), first and last active day."""
    bodies = np.unique(rng.integers(low, high, size=int(n * 1.2) + 10))
    while len(bodies) < n:  # only when the pool is a large part of the RUT range
        bodies = np.unique(np.concatenate([bodies, rng.integers(low, high, size=n)]))
    bodies = rng.permutation(bodies)[:n]
    ruts = np.array([_rut(int(b)) for b in bodies], dtype=object)
    weight = rng.lognormal(0.0, 1.3, n)
    join = np.where(rng.random(n) < 0.45, 0, rng.integers(0, max(n_days, 1), n))
    # About a third stop buying at some point: moved, unhappy, or went to the supermarket.
    churn = rng.random(n) < 0.35
    leave = join + 14 + rng.exponential(n_days * 0.3, n).astype("int64")
    last = np.where(churn, leave, n_days + 1)
    return ruts, weight, join, last


def _pick_customers(
    rng: np.random.Generator,
    day: np.ndarray,
    weight: np.ndarray,
    join: np.ndarray,
    last: np.ndarray,
) -> np.ndarray:
    """A customer active on each day, by weight; -1 where none was found."""
    out = np.full(len(day), -1, dtype=np.int64)
    if len(weight) == 0:
        return out
    cdf = _cdf(weight)
    todo = np.arange(len(day))
    for _ in range(16):  # rejection sampling; inactive customers are redrawn
        if len(todo) == 0:
            break
        cand = _sample(cdf, rng.random(len(todo)))
        ok = (join[cand] <= day[todo]) & (day[todo] < last[cand])
        out[todo[ok]] = cand[ok]
        todo = todo[~ok]
    return out


def _dup_mask(doc: np.ndarray, prod: np.ndarray, n_prod: int) -> np.ndarray:
    """True on lines whose product already appeared earlier in the same document."""
    key = doc * n_prod + prod
    order = np.argsort(key, kind="stable")
    sk = key[order]
    dup = np.zeros(len(key), dtype=bool)
    dup[order[1:]] = sk[1:] == sk[:-1]
    return dup


def _pick_products(
    rng: np.random.Generator,
    prof: _Profile,
    l_doc: np.ndarray,
    l_pos: np.ndarray,
    l_month: np.ndarray,
    moy: np.ndarray,
) -> np.ndarray:
    """Product of each line by seasonal popularity; -1 on a line that would repeat a product."""
    spec = prof.spec
    n_prod = len(spec.products)
    season = np.array([[spec.season.get(p.category, {}).get(int(m), 1.0) for p in spec.products]
                       for m in moy])
    pcdf = _cdf(prof.weights * season)
    l_prod = _sample(pcdf, rng.random(len(l_doc)), l_month)
    # Companion products: the second line often completes the first (pan + palta).
    index = {p.description: i for i, p in enumerate(spec.products)}
    companion = np.full(n_prod, -1)
    for a, b in spec.pairs:
        companion[index[a]], companion[index[b]] = index[b], index[a]
    second = np.flatnonzero((l_pos == 1) & (rng.random(len(l_doc)) < 0.35))
    comp = companion[l_prod[second - 1]]
    ok = (comp >= 0) & (prof.weights[np.maximum(comp, 0)] > 0)
    l_prod[second[ok]] = comp[ok]
    for _ in range(8):  # a product appears once per document: redraw repeats
        dup = np.flatnonzero(_dup_mask(l_doc, l_prod, n_prod))
        if len(dup) == 0:
            break
        l_prod[dup] = _sample(pcdf, rng.random(len(dup)), l_month[dup])
    return np.where(_dup_mask(l_doc, l_prod, n_prod), -1, l_prod)


def _stock_after(
    rng: np.random.Generator, prof: _Profile, prod: np.ndarray, q: np.ndarray, n_months: int
) -> np.ndarray:
    """Stock after each line (lines in time order): a saw-tooth, sold down and restocked
    by the product's usual batch; NaN when the shop does not track it."""
    spec = prof.spec
    n_prod = len(spec.products)
    stock = np.full(len(q), np.nan)
    if not prof.tracks_stock or len(q) == 0:
        return stock
    sold = np.bincount(prod, weights=q, minlength=n_prod)
    batch = np.maximum(sold / max(n_months, 1) * rng.uniform(0.4, 1.2, n_prod), 6.0)
    floor_ = np.ceil(batch * 0.15)
    initial = batch * rng.random(n_prod)
    by_prod = np.argsort(prod, kind="stable")
    sp, sq = prod[by_prod], q[by_prod]
    cum = np.cumsum(sq)
    first = np.searchsorted(sp, sp)  # each product's first line, in by_prod order
    cum = cum - (cum[first] - sq[first])
    after = floor_[sp] + np.mod(initial[sp] - cum, batch[sp])
    kg = np.array([p.unit_type == KG for p in spec.products])[sp]
    stock[by_prod] = np.where(kg, np.round(after, 3), np.floor(after))
    untracked = np.array([p.category in spec.untracked for p in spec.products])
    stock[untracked[prod]] = np.nan
    return stock


def _empty() -> pd.DataFrame:
    df = pd.DataFrame({c: pd.Series(dtype="float64") for c in COLUMNS})
    df["in_dt"] = pd.Series(dtype="datetime64[ns]")
    for c in ("in_trans_id", "in_product_id", "in_trans_type", "in_customer_id",
              "in_description", "in_category", "in_unit_type"):
        df[c] = pd.Series(dtype=object).astype("str")
    return df[list(COLUMNS)]


def generate_lines(company: DemoCompany, start: date, end: date) -> pd.DataFrame:
    """Canonical lines of `company` from `start` to `end` inclusive (deterministic per seed)."""
    prof = _profile(company)
    spec = prof.spec
    days = _days(start, end)
    n_days = len(days)
    rate = _day_rate(company, prof, days)
    if n_days == 0 or rate.sum() == 0:
        return _empty()
    # The range is part of the seed: the same company and range give the same lines.
    rng = np.random.default_rng([company.seed, 1, n_days, int(days[0].astype("int64")) + 10**6])

    # Documents per day: Poisson around the rate, with day-to-day noise (weather, events).
    noisy = rate * rng.lognormal(-0.15**2 / 2, 0.15, n_days)
    counts = rng.poisson(noisy)
    n_sale = int(counts.sum())
    if n_sale == 0:
        return _empty()
    d_day = np.repeat(np.arange(n_days), counts)
    d_min = _minutes(rng, prof, n_sale)
    d_type = (rng.random(n_sale) < spec.factura_share).astype(np.int64)  # 0 boleta, 1 factura

    # Customers: people on some boletas, businesses on every factura.
    want = rng.random(n_sale) < prof.customer_share
    n_people = int(max(20, rate.sum() * prof.customer_share / 5))
    n_firms = int(max(5, rate.sum() * spec.factura_share / 6))
    p_rut, p_w, p_join, p_last = _customers(rng, n_people, n_days, 5_000_000, 26_000_000)
    f_rut, f_w, f_join, f_last = _customers(rng, n_firms, n_days, 76_000_000, 78_000_000)
    ruts = np.concatenate([p_rut, f_rut, np.array([None], dtype=object)])  # last = anonymous
    cust = np.full(n_sale, -1, dtype=np.int64)
    people = np.flatnonzero((d_type == 0) & want)
    cust[people] = _pick_customers(rng, d_day[people], p_w, p_join, p_last)
    firms = np.flatnonzero(d_type == 1)
    picked = _pick_customers(rng, d_day[firms], f_w, f_join, f_last)
    picked = np.where(picked < 0, np.argmax(f_w), picked)  # a factura always names its buyer
    cust[firms] = picked + len(p_rut)

    # Lines per document (geometric, facturas longer), products by month-dependent popularity.
    cap = _max_lines(prof)
    mean = np.where(d_type == 1, spec.lines_mean * 1.4, spec.lines_mean)
    n_lines = np.minimum(rng.geometric(1 / mean), cap)
    l_doc = np.repeat(np.arange(n_sale), n_lines)
    starts = np.cumsum(n_lines) - n_lines
    l_pos = np.arange(len(l_doc)) - np.repeat(starts, n_lines)
    month_abs = days.astype("datetime64[M]").astype("int64")  # months since 1970-01
    m0 = int(month_abs[0])
    l_month = month_abs[d_day[l_doc]] - m0
    n_months = int(month_abs[-1]) - m0 + 1
    moy = (np.arange(n_months) + m0) % 12 + 1  # month of year of each month of the range
    l_prod = _pick_products(rng, prof, l_doc, l_pos, l_month, moy)
    keep = l_prod >= 0
    l_doc, l_prod, l_month = l_doc[keep], l_prod[keep], l_month[keep]
    n_prod = len(spec.products)

    # Quantities: whole units, or kilograms with 3 decimals; facturas buy in bulk.
    is_kg = np.array([p.unit_type == KG for p in spec.products])[l_prod]
    qparam = np.array([p.qty for p in spec.products])[l_prod]
    bulk = d_type[l_doc] == 1
    units = 1 + rng.poisson(qparam)
    units = np.where(bulk, units * (1 + rng.poisson(2.0, len(units))), units)
    kilos = np.maximum(0.05, qparam * rng.lognormal(-0.1, 0.45, len(units)) * np.where(bulk, 2, 1))
    qty = np.where(is_kg, np.round(kilos, 3), units.astype(float))

    # Prices: yearly revision per product with inflation, rounded to $10 as shops do.
    revised = np.floor((np.arange(n_months)[:, None] + m0 - prof.phase[None, :]) / 12) * 12
    factor = (1 + _INFLATION) ** ((revised + prof.phase[None, :] - _REF_MONTH) / 12)
    price_tab = np.maximum(10, np.round(prof.price * factor / 10) * 10)
    cost_tab = np.round(prof.cost * factor)
    price_u = price_tab[l_month, l_prod]
    cost_u = cost_tab[l_month, l_prod]
    # Promotions: a product is on offer some weeks, more so in December and in Cyber months.
    week = (days[d_day[l_doc]].astype("int64") - int(days[0].astype("int64"))) // 7
    promo_tab = rng.random((int(week.max()) + 1, n_prod))
    moy_line = moy[l_month]
    promo_rate = np.where(np.isin(moy_line, (6, 10, 12)), 0.08, 0.04)
    promo = promo_tab[week, l_prod] < promo_rate
    pct = rng.choice(np.array([0.05, 0.1, 0.15, 0.2, 0.3]), len(l_prod))
    gross = np.round(price_u * qty)
    discount = np.where(promo, np.round(gross * pct), 0.0)
    comm_rate = np.where(bulk, spec.commission_rate, 0.0)

    # Returns: a credit note undoes (part of) an undiscounted line sold days before.
    n_ret = rng.binomial(n_sale, spec.return_rate)
    cand = np.flatnonzero(discount == 0)
    src = rng.choice(cand, size=min(len(cand), int(n_ret * 1.3) + 1), replace=False)
    delay = rng.geometric(1 / 6, len(src))
    # Move a return that falls on a closed day to the next open day.
    nxt = np.where(rate > 0, np.arange(n_days), n_days)
    nxt = np.minimum.accumulate(nxt[::-1])[::-1]
    r_day = d_day[l_doc[src]] + delay
    r_day = np.where(r_day < n_days, nxt[np.minimum(r_day, n_days - 1)], n_days)
    inside = r_day < n_days
    src, r_day = src[inside][:n_ret], r_day[inside][:n_ret]
    n_nc = len(src)
    some = 1 + rng.binomial(np.maximum(qty[src] - 1, 0).astype(np.int64), 0.3)  # units back
    r_qty = np.where(is_kg[src], qty[src], some)

    # All documents (sales then credit notes), numbered in time order.
    doc_day = np.concatenate([d_day, r_day])
    doc_min = np.concatenate([d_min, _minutes(rng, prof, n_nc)])
    doc_type = np.concatenate([d_type, np.full(n_nc, 2)])
    doc_cust = np.concatenate([cust, cust[l_doc[src]]])
    when = doc_day * 1440 + doc_min
    order = np.lexsort((rng.random(len(when)), when))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))

    # Lines of every document, ordered by document number.
    line_doc = np.concatenate([l_doc, n_sale + np.arange(n_nc)])
    prod = np.concatenate([l_prod, l_prod[src]])
    q = np.concatenate([qty, -r_qty])
    pu = np.concatenate([price_u, price_u[src]])
    cu = np.concatenate([cost_u, cost_u[src]])
    disc = np.concatenate([discount, np.zeros(n_nc)])
    crate = np.concatenate([comm_rate, comm_rate[src]])
    lo = np.argsort(rank[line_doc], kind="stable")
    line_doc, prod, q, pu, cu = line_doc[lo], prod[lo], q[lo], pu[lo], cu[lo]
    disc, crate = disc[lo], crate[lo]
    price_total = np.round(pu * q) - disc
    cost_total = np.round(cu * q)
    commission = np.round(price_total * crate) + 0.0  # + 0.0 turns -0.0 into 0.0

    stock = _stock_after(rng, prof, prod, q, n_months)

    folio = (prof.folio_start + np.arange(len(order))).astype(str).astype(object)
    dt = days[doc_day].astype("datetime64[m]") + doc_min.astype("timedelta64[m]")
    dt = dt.astype("datetime64[ns]")
    desc = np.array([p.description for p in spec.products], dtype=object)
    catg = np.array([p.category for p in spec.products], dtype=object)
    unit = np.array([p.unit_type for p in spec.products], dtype=object)
    sku = np.array([p.sku for p in spec.products], dtype=object)
    r = rank[line_doc]
    cust_idx = doc_cust[line_doc]
    df = pd.DataFrame({
        "in_dt": dt[line_doc],
        "in_trans_id": folio[r],
        "in_product_id": sku[prod],
        "in_quantity": q,
        "in_price_total": price_total,
        "in_trans_type": DOC_TYPES[doc_type[line_doc]],
        "in_customer_id": ruts[cust_idx],  # -1 picks the trailing None
        "in_description": desc[prod],
        "in_category": catg[prod],
        "in_unit_type": unit[prod],
        "in_stock": stock,
        "in_cost_unit": cu,
        "in_cost_total": cost_total,
        "in_price_unit": pu,
        "in_discount_total": disc,
        "in_commission_total": commission,
        "in_margin": price_total - cost_total - commission,
    })
    return df[list(COLUMNS)]


def seed(total_lines: int = 0, as_of: date | None = None) -> list[int]:
    """Create missing demo companies and submit their files of the 13 full months before
    `as_of` (default today: the demo of a real user ends last month); returns the upload ids."""
    settings = get_settings()
    start, end = default_range(as_of)
    specs = demo_companies()
    if total_lines:
        specs = scale_for_lines(specs, start, end, total_lines)
    folder = settings.data_dir / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    upload_ids = []
    for spec in specs:
        with engine(Role.OWNER).begin() as conn:
            company = companies.get_by_rut(conn, spec.rut) or companies.create_company(
                conn, spec.name, spec.rut, spec.industry, spec.size)
        path = folder / f"{spec.rut}.csv"
        generate_lines(spec, start, end).to_csv(path, index=False)
        upload_ids.append(ingest.submit_file(company.id, path, origin="demo"))
    return upload_ids

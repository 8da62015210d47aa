"""`im-cockpit serve [--host] [--port] [--debug | --prod [--workers N]]`: the development server or gunicorn;
`im-cockpit worker [--concurrency N]`: the Celery worker that runs the background jobs when IMC_CACHE_URL is set."""

from __future__ import annotations

import sys

from dashboard.settings import Settings


def add_parsers(sub) -> None:
    serve = sub.add_parser("serve", help="Dashboard starten (Entwicklungsserver; --prod: gunicorn)")
    serve.add_argument("--host", help="Adresse (Standard: IMC_HOST oder 127.0.0.1)")
    serve.add_argument("--port", type=int, help="Port (Standard: IMC_PORT oder 8050)")
    mode = serve.add_mutually_exclusive_group()
    mode.add_argument("--debug", action="store_true", help="Dash-Debugmodus (nur lokal)")
    mode.add_argument("--prod", action="store_true",
                      help="Produktionsbetrieb mit gunicorn (IMC_WORKERS Prozesse × IMC_THREADS Threads)")
    serve.add_argument("--workers", type=int, help="Anzahl Prozesse (nur mit --prod; Standard: IMC_WORKERS oder 3)")
    worker = sub.add_parser("worker", help="Hintergrundaufträge ausführen (Vorschlag, PDF-Berichte; braucht IMC_CACHE_URL)")
    worker.add_argument("--concurrency", type=int, help="Aufträge gleichzeitig (Standard: IMC_WORKERS oder 3)")


def cmd_serve(args, settings: Settings) -> int:
    host, port = args.host or settings.host, args.port or settings.port
    if args.prod:
        from dataclasses import replace

        from dashboard.serving import ProductionServer

        settings = replace(settings, host=host, port=port, workers=args.workers or settings.workers)
        print(f"IM-Cockpit (gunicorn, {settings.workers} Prozesse × {settings.threads} Threads) "
              f"auf http://{host}:{port}")
        ProductionServer(settings).run()
        return 0
    if args.workers:
        print("--workers gilt nur zusammen mit --prod.", file=sys.stderr)
        return 2
    from dashboard.app import create_app

    app = create_app(settings)
    app.server.extensions["im_cockpit"].warmer.start()  # the pages ready for the first person
    print(f"IM-Cockpit läuft auf http://{host}:{port}  (Beenden mit Strg+C)")
    app.run(host=host, port=port, debug=args.debug)
    return 0


NO_REDIS = ("Der Hintergrund-Worker braucht Redis: bitte IMC_CACHE_URL setzen (z. B. redis://127.0.0.1:6379/0). "
            "Ohne IMC_CACHE_URL laufen die Aufträge im Webserver selbst, ein Worker ist dann nicht nötig.")


def cmd_worker(args, settings: Settings) -> int:
    """Celery on IMC_CACHE_URL with this installation's app, so that it knows every background callback."""
    if not settings.cache_url:
        print(NO_REDIS, file=sys.stderr)
        return 2
    from dashboard.app import create_app
    from dashboard.background import celery_app

    create_app(settings)  # registers the background callbacks as Celery tasks
    concurrency = args.concurrency or settings.workers
    print(f"IM-Cockpit-Worker ({concurrency} gleichzeitig) an {settings.cache_url.split('@')[-1]}")
    celery_app(settings.cache_url).worker_main(["worker", "--loglevel=INFO", f"--concurrency={concurrency}",
                                                "--without-gossip", "--without-mingle"])
    return 0


COMMANDS = {"serve": cmd_serve, "worker": cmd_worker}

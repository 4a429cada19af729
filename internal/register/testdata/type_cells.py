"""Type into cells of a workbook as a clerk would, with LibreOffice.

usage: /usr/bin/python3 type_cells.py PROFILE_DIR WORKBOOK SHEET!CELL=TEXT...

Starts soffice headless listening on a private pipe (no network), opens the
workbook hidden, and enters each text through the view as the keyboard does:
.uno:GoToCell, then .uno:EnterString, which goes through Calc's input
handler, so a cell formatted as text (@) keeps digits as text and a General
cell turns them into a number. (XCell.setFormula is not typing: it parses
the text as an English number whatever the cell's format.) Then it saves the
workbook in its own format and quits.
"""
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(120):
        try:
            return resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
        except Exception:
            time.sleep(0.5)
    raise SystemExit("soffice did not answer on pipe " + pipe)


def main():
    profile, workbook, edits = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3:]
    pipe = "ezz-type-%d" % os.getpid()
    office = subprocess.Popen(["soffice", "--headless", "--norestore", "--nologo",
                               "-env:UserInstallation=" + uno.systemPathToFileUrl(os.path.abspath(profile)),
                               "--accept=pipe,name=%s;urp;" % pipe])
    try:
        ctx = connect(pipe)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(workbook), "_blank", 0, (prop("Hidden", True),))
        view = doc.CurrentController
        dispatch = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        for edit in edits:
            where, text = edit.split("=", 1)
            sheet, cell = where.rsplit("!", 1)
            view.setActiveSheet(doc.Sheets.getByName(sheet))
            dispatch.executeDispatch(view.Frame, ".uno:GoToCell", "", 0, (prop("ToPoint", cell),))
            dispatch.executeDispatch(view.Frame, ".uno:EnterString", "", 0, (prop("StringName", text),))
        doc.store()
        try:
            doc.close(True)
            desktop.terminate()
        except Exception:
            pass  # the bridge goes as soffice quits; the workbook is saved
        office.wait(timeout=60)
    finally:
        if office.poll() is None:
            office.kill()


if __name__ == "__main__":
    main()

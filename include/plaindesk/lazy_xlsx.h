/*
 * xlsxwriter.h loaded on first use (see plaindesk/lazylib.h): call
 * pd_xlsx_load() before any of these functions.
 */
#ifndef PLAINDESK_LAZY_XLSX_H
#define PLAINDESK_LAZY_XLSX_H

#include <xlsxwriter.h>

#include "plaindesk/lazylib.h"

#ifndef PD_SONAME_XLSX
#define PD_SONAME_XLSX "libxlsxwriter.so.4"
#endif

#define PD_XLSX_FUNCS(X) \
	X(format_set_bold) \
	X(format_set_num_format) \
	X(lxw_strerror) \
	X(workbook_add_format) \
	X(workbook_add_worksheet) \
	X(workbook_close) \
	X(workbook_new) \
	X(workbook_set_properties) \
	X(workbook_validate_sheet_name) \
	X(worksheet_freeze_panes) \
	X(worksheet_set_column) \
	X(worksheet_write_boolean) \
	X(worksheet_write_number) \
	X(worksheet_write_string)

struct pd_xlsx {
	PD_XLSX_FUNCS(LAZYLIB_PTR)
};

extern struct pd_xlsx pd_xlsx;
int pd_xlsx_load(void);

#define format_set_bold(...) (pd_xlsx.m_format_set_bold)(__VA_ARGS__)
#define format_set_num_format(...) (pd_xlsx.m_format_set_num_format)(__VA_ARGS__)
#define lxw_strerror(...) (pd_xlsx.m_lxw_strerror)(__VA_ARGS__)
#define workbook_add_format(...) (pd_xlsx.m_workbook_add_format)(__VA_ARGS__)
#define workbook_add_worksheet(...) (pd_xlsx.m_workbook_add_worksheet)(__VA_ARGS__)
#define workbook_close(...) (pd_xlsx.m_workbook_close)(__VA_ARGS__)
#define workbook_new(...) (pd_xlsx.m_workbook_new)(__VA_ARGS__)
#define workbook_set_properties(...) (pd_xlsx.m_workbook_set_properties)(__VA_ARGS__)
#define workbook_validate_sheet_name(...) (pd_xlsx.m_workbook_validate_sheet_name)(__VA_ARGS__)
#define worksheet_freeze_panes(...) (pd_xlsx.m_worksheet_freeze_panes)(__VA_ARGS__)
#define worksheet_set_column(...) (pd_xlsx.m_worksheet_set_column)(__VA_ARGS__)
#define worksheet_write_boolean(...) (pd_xlsx.m_worksheet_write_boolean)(__VA_ARGS__)
#define worksheet_write_number(...) (pd_xlsx.m_worksheet_write_number)(__VA_ARGS__)
#define worksheet_write_string(...) (pd_xlsx.m_worksheet_write_string)(__VA_ARGS__)

#endif

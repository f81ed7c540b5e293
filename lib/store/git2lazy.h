/*
 * libgit2 loaded on first use (see plaindesk/lazylib.h), with its TLS,
 * SSH and Kerberos libraries: only a run that commits or reads history
 * pays for them.  Only lib/store/vcs.c includes this; git_start() loads
 * it before any of these functions is called.
 */
#ifndef PLAINDESK_LAZY_GIT2_H
#define PLAINDESK_LAZY_GIT2_H

#include <git2.h>

#include "plaindesk/lazylib.h"

#define PD_GIT2_SONAME "libgit2.so." LIBGIT2_SOVERSION

#define PD_GIT2_FUNCS(X) \
	X(git_blob_create_from_buffer) \
	X(git_blob_free) \
	X(git_blob_lookup) \
	X(git_blob_rawcontent) \
	X(git_blob_rawsize) \
	X(git_buf_dispose) \
	X(git_commit_author) \
	X(git_commit_committer) \
	X(git_commit_create) \
	X(git_commit_free) \
	X(git_commit_id) \
	X(git_commit_lookup) \
	X(git_commit_message_raw) \
	X(git_commit_parent_id) \
	X(git_commit_parentcount) \
	X(git_commit_summary) \
	X(git_commit_tree) \
	X(git_commit_tree_id) \
	X(git_config_free) \
	X(git_config_get_string_buf) \
	X(git_config_open_level) \
	X(git_config_set_string) \
	X(git_error_last) \
	X(git_graph_descendant_of) \
	X(git_index_add) \
	X(git_index_conflict_remove) \
	X(git_index_free) \
	X(git_index_open) \
	X(git_index_remove_bypath) \
	X(git_index_write) \
	X(git_libgit2_init) \
	X(git_libgit2_opts) \
	X(git_libgit2_shutdown) \
	X(git_libgit2_version) \
	X(git_merge_file) \
	X(git_merge_file_input_init) \
	X(git_merge_file_options_init) \
	X(git_merge_file_result_free) \
	X(git_object_free) \
	X(git_object_id) \
	X(git_object_peel) \
	X(git_odb_free) \
	X(git_odb_hash) \
	X(git_odb_refresh) \
	X(git_oid_equal) \
	X(git_oid_fromstr) \
	X(git_oid_tostr) \
	X(git_packbuilder_free) \
	X(git_packbuilder_insert) \
	X(git_packbuilder_new) \
	X(git_packbuilder_set_threads) \
	X(git_packbuilder_write) \
	X(git_reference_free) \
	X(git_reference_lookup) \
	X(git_reference_name_to_id) \
	X(git_reference_symbolic_target) \
	X(git_reference_type) \
	X(git_repository_config) \
	X(git_repository_config_snapshot) \
	X(git_repository_free) \
	X(git_repository_head_unborn) \
	X(git_repository_init_ext) \
	X(git_repository_init_options_init) \
	X(git_repository_odb) \
	X(git_repository_open_ext) \
	X(git_revparse_single) \
	X(git_revwalk_add_hide_cb) \
	X(git_revwalk_free) \
	X(git_revwalk_hide) \
	X(git_revwalk_new) \
	X(git_revwalk_next) \
	X(git_revwalk_push) \
	X(git_revwalk_sorting) \
	X(git_signature_default) \
	X(git_signature_free) \
	X(git_signature_new) \
	X(git_tree_create_updated) \
	X(git_tree_entry_byindex) \
	X(git_tree_entry_byname) \
	X(git_tree_entry_bypath) \
	X(git_tree_entry_filemode) \
	X(git_tree_entry_free) \
	X(git_tree_entry_id) \
	X(git_tree_entry_name) \
	X(git_tree_entrycount) \
	X(git_tree_free) \
	X(git_tree_lookup) \
	X(git_treebuilder_free) \
	X(git_treebuilder_new) \
	X(git_treebuilder_write)

struct pd_git2 {
	PD_GIT2_FUNCS(LAZYLIB_PTR)
};

extern struct pd_git2 pd_git2;
int pd_git2_load(void);

#define git_blob_create_from_buffer(...) (pd_git2.m_git_blob_create_from_buffer)(__VA_ARGS__)
#define git_blob_free(...) (pd_git2.m_git_blob_free)(__VA_ARGS__)
#define git_blob_lookup(...) (pd_git2.m_git_blob_lookup)(__VA_ARGS__)
#define git_blob_rawcontent(...) (pd_git2.m_git_blob_rawcontent)(__VA_ARGS__)
#define git_blob_rawsize(...) (pd_git2.m_git_blob_rawsize)(__VA_ARGS__)
#define git_buf_dispose(...) (pd_git2.m_git_buf_dispose)(__VA_ARGS__)
#define git_commit_author(...) (pd_git2.m_git_commit_author)(__VA_ARGS__)
#define git_commit_committer(...) (pd_git2.m_git_commit_committer)(__VA_ARGS__)
#define git_commit_create(...) (pd_git2.m_git_commit_create)(__VA_ARGS__)
#define git_commit_free(...) (pd_git2.m_git_commit_free)(__VA_ARGS__)
#define git_commit_id(...) (pd_git2.m_git_commit_id)(__VA_ARGS__)
#define git_commit_lookup(...) (pd_git2.m_git_commit_lookup)(__VA_ARGS__)
#define git_commit_message_raw(...) (pd_git2.m_git_commit_message_raw)(__VA_ARGS__)
#define git_commit_parent_id(...) (pd_git2.m_git_commit_parent_id)(__VA_ARGS__)
#define git_commit_parentcount(...) (pd_git2.m_git_commit_parentcount)(__VA_ARGS__)
#define git_commit_summary(...) (pd_git2.m_git_commit_summary)(__VA_ARGS__)
#define git_commit_tree(...) (pd_git2.m_git_commit_tree)(__VA_ARGS__)
#define git_commit_tree_id(...) (pd_git2.m_git_commit_tree_id)(__VA_ARGS__)
#define git_config_free(...) (pd_git2.m_git_config_free)(__VA_ARGS__)
#define git_config_get_string_buf(...) (pd_git2.m_git_config_get_string_buf)(__VA_ARGS__)
#define git_config_open_level(...) (pd_git2.m_git_config_open_level)(__VA_ARGS__)
#define git_config_set_string(...) (pd_git2.m_git_config_set_string)(__VA_ARGS__)
#define git_error_last(...) (pd_git2.m_git_error_last)(__VA_ARGS__)
#define git_graph_descendant_of(...) (pd_git2.m_git_graph_descendant_of)(__VA_ARGS__)
#define git_index_add(...) (pd_git2.m_git_index_add)(__VA_ARGS__)
#define git_index_conflict_remove(...) (pd_git2.m_git_index_conflict_remove)(__VA_ARGS__)
#define git_index_free(...) (pd_git2.m_git_index_free)(__VA_ARGS__)
#define git_index_open(...) (pd_git2.m_git_index_open)(__VA_ARGS__)
#define git_index_remove_bypath(...) (pd_git2.m_git_index_remove_bypath)(__VA_ARGS__)
#define git_index_write(...) (pd_git2.m_git_index_write)(__VA_ARGS__)
#define git_libgit2_init(...) (pd_git2.m_git_libgit2_init)(__VA_ARGS__)
#define git_libgit2_opts(...) (pd_git2.m_git_libgit2_opts)(__VA_ARGS__)
#define git_libgit2_shutdown(...) (pd_git2.m_git_libgit2_shutdown)(__VA_ARGS__)
#define git_libgit2_version(...) (pd_git2.m_git_libgit2_version)(__VA_ARGS__)
#define git_merge_file(...) (pd_git2.m_git_merge_file)(__VA_ARGS__)
#define git_merge_file_input_init(...) (pd_git2.m_git_merge_file_input_init)(__VA_ARGS__)
#define git_merge_file_options_init(...) (pd_git2.m_git_merge_file_options_init)(__VA_ARGS__)
#define git_merge_file_result_free(...) (pd_git2.m_git_merge_file_result_free)(__VA_ARGS__)
#define git_object_free(...) (pd_git2.m_git_object_free)(__VA_ARGS__)
#define git_object_id(...) (pd_git2.m_git_object_id)(__VA_ARGS__)
#define git_object_peel(...) (pd_git2.m_git_object_peel)(__VA_ARGS__)
#define git_odb_free(...) (pd_git2.m_git_odb_free)(__VA_ARGS__)
#define git_odb_hash(...) (pd_git2.m_git_odb_hash)(__VA_ARGS__)
#define git_odb_refresh(...) (pd_git2.m_git_odb_refresh)(__VA_ARGS__)
#define git_oid_equal(...) (pd_git2.m_git_oid_equal)(__VA_ARGS__)
#define git_oid_fromstr(...) (pd_git2.m_git_oid_fromstr)(__VA_ARGS__)
#define git_oid_tostr(...) (pd_git2.m_git_oid_tostr)(__VA_ARGS__)
#define git_packbuilder_free(...) (pd_git2.m_git_packbuilder_free)(__VA_ARGS__)
#define git_packbuilder_insert(...) (pd_git2.m_git_packbuilder_insert)(__VA_ARGS__)
#define git_packbuilder_new(...) (pd_git2.m_git_packbuilder_new)(__VA_ARGS__)
#define git_packbuilder_set_threads(...) (pd_git2.m_git_packbuilder_set_threads)(__VA_ARGS__)
#define git_packbuilder_write(...) (pd_git2.m_git_packbuilder_write)(__VA_ARGS__)
#define git_reference_free(...) (pd_git2.m_git_reference_free)(__VA_ARGS__)
#define git_reference_lookup(...) (pd_git2.m_git_reference_lookup)(__VA_ARGS__)
#define git_reference_name_to_id(...) (pd_git2.m_git_reference_name_to_id)(__VA_ARGS__)
#define git_reference_symbolic_target(...) (pd_git2.m_git_reference_symbolic_target)(__VA_ARGS__)
#define git_reference_type(...) (pd_git2.m_git_reference_type)(__VA_ARGS__)
#define git_repository_config(...) (pd_git2.m_git_repository_config)(__VA_ARGS__)
#define git_repository_config_snapshot(...) (pd_git2.m_git_repository_config_snapshot)(__VA_ARGS__)
#define git_repository_free(...) (pd_git2.m_git_repository_free)(__VA_ARGS__)
#define git_repository_head_unborn(...) (pd_git2.m_git_repository_head_unborn)(__VA_ARGS__)
#define git_repository_init_ext(...) (pd_git2.m_git_repository_init_ext)(__VA_ARGS__)
#define git_repository_init_options_init(...) (pd_git2.m_git_repository_init_options_init)(__VA_ARGS__)
#define git_repository_odb(...) (pd_git2.m_git_repository_odb)(__VA_ARGS__)
#define git_repository_open_ext(...) (pd_git2.m_git_repository_open_ext)(__VA_ARGS__)
#define git_revparse_single(...) (pd_git2.m_git_revparse_single)(__VA_ARGS__)
#define git_revwalk_add_hide_cb(...) (pd_git2.m_git_revwalk_add_hide_cb)(__VA_ARGS__)
#define git_revwalk_free(...) (pd_git2.m_git_revwalk_free)(__VA_ARGS__)
#define git_revwalk_hide(...) (pd_git2.m_git_revwalk_hide)(__VA_ARGS__)
#define git_revwalk_new(...) (pd_git2.m_git_revwalk_new)(__VA_ARGS__)
#define git_revwalk_next(...) (pd_git2.m_git_revwalk_next)(__VA_ARGS__)
#define git_revwalk_push(...) (pd_git2.m_git_revwalk_push)(__VA_ARGS__)
#define git_revwalk_sorting(...) (pd_git2.m_git_revwalk_sorting)(__VA_ARGS__)
#define git_signature_default(...) (pd_git2.m_git_signature_default)(__VA_ARGS__)
#define git_signature_free(...) (pd_git2.m_git_signature_free)(__VA_ARGS__)
#define git_signature_new(...) (pd_git2.m_git_signature_new)(__VA_ARGS__)
#define git_tree_create_updated(...) (pd_git2.m_git_tree_create_updated)(__VA_ARGS__)
#define git_tree_entry_byindex(...) (pd_git2.m_git_tree_entry_byindex)(__VA_ARGS__)
#define git_tree_entry_byname(...) (pd_git2.m_git_tree_entry_byname)(__VA_ARGS__)
#define git_tree_entry_bypath(...) (pd_git2.m_git_tree_entry_bypath)(__VA_ARGS__)
#define git_tree_entry_filemode(...) (pd_git2.m_git_tree_entry_filemode)(__VA_ARGS__)
#define git_tree_entry_free(...) (pd_git2.m_git_tree_entry_free)(__VA_ARGS__)
#define git_tree_entry_id(...) (pd_git2.m_git_tree_entry_id)(__VA_ARGS__)
#define git_tree_entry_name(...) (pd_git2.m_git_tree_entry_name)(__VA_ARGS__)
#define git_tree_entrycount(...) (pd_git2.m_git_tree_entrycount)(__VA_ARGS__)
#define git_tree_free(...) (pd_git2.m_git_tree_free)(__VA_ARGS__)
#define git_tree_lookup(...) (pd_git2.m_git_tree_lookup)(__VA_ARGS__)
#define git_treebuilder_free(...) (pd_git2.m_git_treebuilder_free)(__VA_ARGS__)
#define git_treebuilder_new(...) (pd_git2.m_git_treebuilder_new)(__VA_ARGS__)
#define git_treebuilder_write(...) (pd_git2.m_git_treebuilder_write)(__VA_ARGS__)

#endif
